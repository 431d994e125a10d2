// Side effect: registers the API's metrics (routing, checkout, latency) in the shared registry,
// as the running server does by loading its router.
import '@holdfast/api';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { metricsRegistry } from '@holdfast/db';
import Fastify from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
// the server's own /metrics route: what Prometheus scrapes in the compose stack
import { registerMetrics } from '../../apps/server/src/metrics-endpoint.ts';
import { dockerDir } from './support/paths.ts';

interface Service {
  image?: string;
  profiles?: string[];
  volumes?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  healthcheck?: unknown;
}

interface Target {
  expr: string;
  legendFormat?: string;
  datasource?: { uid?: string };
}

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
}

const readYaml = (file: string) => parse(readFileSync(path.join(dockerDir, file), 'utf8'));
// the source file, not a rendering: `docker-compose config` of Debian's 1.29 rewrites mount strings
const services: Record<string, Service> = readYaml('compose.yml').services;
const monitoring = ['grafana', 'prometheus'];
const dashboardFile = path.join(dockerDir, 'grafana/dashboards/holdfast.json');

/** `./host:container:ro` → its parts, the host path resolved against docker/. */
function mounts(service: Service) {
  return (service.volumes ?? []).map((volume) => {
    const [host = '', container = '', mode] = volume.split(':');
    return { host, container, mode, bindsFile: host.startsWith('.') };
  });
}

/** The series a scrape of the server exposes, and the labels of each metric, from its /metrics route. */
let exported: Set<string>;
let labelsOf: Map<string, string[]>;

beforeAll(async () => {
  const app = Fastify();
  registerMetrics(app);
  const prometheus = readYaml('prometheus/prometheus.yml');
  const response = await app.inject({ url: prometheus.scrape_configs[0].metrics_path });
  expect(response.statusCode).toBe(200);
  await app.close();
  exported = new Set();
  labelsOf = new Map();
  // every registered metric has a TYPE line, with or without samples yet
  for (const [, name = '', type] of response.body.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const series = type === 'histogram' ? ['_bucket', '_sum', '_count'].map((end) => name + end) : [name];
    const labelNames = (metricsRegistry.getSingleMetric(name) as unknown as { labelNames?: string[] })
      ?.labelNames;
    if (!labelNames) throw new Error(`prom-client no longer keeps labelNames on ${name}: update this test`);
    for (const one of series) {
      exported.add(one);
      labelsOf.set(one, type === 'histogram' && one.endsWith('_bucket') ? [...labelNames, 'le'] : labelNames);
    }
  }
  expect(exported.size).toBeGreaterThan(20);
});

describe('monitoring profile in docker/compose.yml', () => {
  it('puts Prometheus and Grafana, and only them, in the monitoring profile', () => {
    const profiled = Object.entries(services)
      .filter(([, service]) => service.profiles?.length)
      .map(([name, service]) => `${name}: ${service.profiles?.join(',')}`);
    expect(profiled.sort()).toEqual(monitoring.map((name) => `${name}: monitoring`));
  });

  it('pins both images to a version, checks their health, and mounts their configuration read-only', () => {
    for (const name of monitoring) {
      const service = services[name] ?? {};
      expect(service.image, name).toMatch(/^[\w./-]+:v?\d+\.\d+\.\d+$/);
      expect(service.healthcheck, name).toBeDefined();
      const files = mounts(service).filter((mount) => mount.bindsFile);
      expect(files.length, name).toBeGreaterThan(0);
      for (const mount of files) {
        expect(`${name} ${mount.host}: ${mount.mode}`).toBe(`${name} ${mount.host}: ro`);
        expect(existsSync(path.join(dockerDir, mount.host)), mount.host).toBe(true);
      }
    }
  });

  it('has Prometheus scrape the server service on the port it listens on', () => {
    const prometheus = readYaml('prometheus/prometheus.yml');
    const targets: string[] = prometheus.scrape_configs.flatMap(
      (job: { static_configs: { targets: string[] }[] }) =>
        job.static_configs.flatMap((config) => config.targets),
    );
    expect(targets).toEqual([`server:${services.server?.environment?.PORT}`]);
    expect(mounts(services.prometheus ?? {}).map((mount) => mount.container)).toContain(
      '/etc/prometheus/prometheus.yml',
    );
  });

  it('provisions Grafana with that Prometheus and the folder the dashboards are mounted at', () => {
    const { datasources } = readYaml('grafana/provisioning/datasources/prometheus.yml');
    expect(datasources).toHaveLength(1);
    const prometheusPort = services.prometheus?.ports?.[0]?.split(':').at(-1);
    expect(datasources[0].url).toBe(`http://prometheus:${prometheusPort}`);
    const { providers } = readYaml('grafana/provisioning/dashboards/holdfast.yml');
    const grafanaMounts = mounts(services.grafana ?? {});
    const dashboards = grafanaMounts.find((mount) => mount.host === './grafana/dashboards');
    expect(providers.map((provider: { options: { path: string } }) => provider.options.path)).toEqual([
      dashboards?.container,
    ]);
    expect(grafanaMounts.find((mount) => mount.host === './grafana/provisioning')?.container).toBe(
      '/etc/grafana/provisioning',
    );
    // a secret, so without a default: compose refuses to start without it
    expect(services.grafana?.environment?.GF_SECURITY_ADMIN_PASSWORD).toMatch(
      /^\$\{GRAFANA_ADMIN_PASSWORD:\?\}$/,
    );
  });
});

describe('docker/grafana/dashboards/holdfast.json', () => {
  const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8')) as { uid: string; panels: Panel[] };
  const datasourceUid = readYaml('grafana/provisioning/datasources/prometheus.yml').datasources[0].uid;
  const queried = dashboard.panels.filter((panel) => panel.type !== 'row');

  it('is a dashboard whose panels have distinct ids and query the provisioned Prometheus', () => {
    expect(dashboard.uid).toMatch(/^[\w-]+$/);
    expect(queried.length).toBeGreaterThan(10);
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of queried) {
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      expect(panel.datasource?.uid, panel.title).toBe(datasourceUid);
    }
  });

  it('queries only series the server exports, by labels those series have', () => {
    const problems: string[] = [];
    for (const panel of queried) {
      for (const target of panel.targets ?? []) {
        const names = [...target.expr.matchAll(/\bholdfast_\w+/g)].map(([name]) => name);
        if (names.length === 0) problems.push(`${panel.title}: no Holdfast series in ${target.expr}`);
        const known = names.filter((name) => exported.has(name));
        for (const name of names)
          if (!exported.has(name)) problems.push(`${panel.title}: ${name} is not exported`);
        const labels = new Set([
          ...[...target.expr.matchAll(/\bby \(([^)]*)\)/g)].flatMap(([, list = '']) => list.split(/,\s*/)),
          ...[...target.expr.matchAll(/(\w+)\s*(?:=~|!~|!=|=)\s*"/g)].map(([, label = '']) => label),
          ...[...(target.legendFormat ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map(([, label = '']) => label),
        ]);
        for (const label of labels) {
          if (!known.some((name) => labelsOf.get(name)?.includes(label)))
            problems.push(`${panel.title}: no series of ${names.join(', ')} has the label ${label}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
