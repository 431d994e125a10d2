import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from '@holdfast/pg-cluster';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dockerDir, repoRoot } from './support/paths.ts';
import { requireTool } from './support/tools.ts';

interface Service {
  depends_on?: Record<string, { condition: string }>;
  entrypoint?: string[];
  environment?: Record<string, string>;
  healthcheck?: unknown;
  restart?: string;
}

const composeFile = path.join(dockerDir, 'compose.yml');
const exampleEnv = path.join(dockerDir, '.env.example');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'holdfast-compose-'));

// Debian's docker-compose checks the file against the Compose schema without needing an engine
function dockerCompose(envFile: string, args: string[]) {
  const binary = requireTool('docker-compose', 'install the Debian package: apt-get install docker-compose');
  // only PATH: a variable set in the caller's shell must not stand in for one missing from the env file
  return runCommand(binary, ['-f', composeFile, '--env-file', envFile, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: scratch },
  });
}

async function renderedServices(): Promise<Record<string, Service>> {
  const rendered = await dockerCompose(exampleEnv, ['config']);
  expect(rendered.code, rendered.output).toBe(0);
  return parse(rendered.output).services;
}

/** The services that clone the primary with init-replica.sh, by name. */
function replicaServices(services: Record<string, Service>): [string, Service][] {
  return Object.entries(services).filter(([, service]) =>
    service.entrypoint?.some((part) => part.endsWith('init-replica.sh')),
  );
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('docker/compose.yml', () => {
  it('is a valid Compose file once the example env file fills in its variables', async () => {
    const result = await dockerCompose(exampleEnv, ['config', '-q']);
    expect(result, result.output).toEqual({ code: 0, output: '' });
  });

  it('refuses to render when the env file lacks a secret, so none has a built-in default', async () => {
    const withoutSecret = path.join(scratch, 'without-replication-password.env');
    const example = readFileSync(exampleEnv, 'utf8');
    writeFileSync(withoutSecret, example.replace(/^REPLICATION_PASSWORD=.*$/m, ''));
    const result = await dockerCompose(withoutSecret, ['config', '-q']);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('REPLICATION_PASSWORD');
  });

  it('passes dclint with no errors and no warnings', async () => {
    const result = await runCommand(
      'npx',
      ['--no', '--', 'dclint', 'compose.yml', '--config', '.dclintrc', '--max-warnings', '0', '--no-color'],
      { cwd: dockerDir },
    );
    expect(result.code, `dclint (a devDependency of @holdfast/docker) reported:\n${result.output}`).toBe(0);
  });

  it('lists every replica service in DATABASE_REPLICA_URLS, each following the primary through its own slot', async () => {
    const services = await renderedServices();
    const replicas = replicaServices(services);
    expect(replicas.length).toBeGreaterThan(0);
    const urls = services.server?.environment?.DATABASE_REPLICA_URLS?.split(',') ?? [];
    expect(urls.map((url) => new URL(url).hostname).sort()).toEqual(replicas.map(([name]) => name).sort());
    const slots = replicas.map(([, service]) => service.environment?.SLOT_NAME);
    expect(new Set(slots).size).toBe(replicas.length);
    for (const [, replica] of replicas) {
      expect(replica.environment?.PRIMARY_HOST).toBe('primary');
    }
  });

  it('starts each service only after what it needs is healthy or, for the one-shot migration, done', async () => {
    const services = await renderedServices();
    for (const [name, service] of Object.entries(services)) {
      for (const [needed, { condition }] of Object.entries(service.depends_on ?? {})) {
        const target = services[needed];
        const expected = target?.restart === 'no' ? 'service_completed_successfully' : 'service_healthy';
        expect(`${name} -> ${needed}: ${condition}`).toBe(`${name} -> ${needed}: ${expected}`);
        if (expected === 'service_healthy')
          expect(target?.healthcheck, `${needed} has no healthcheck`).toBeDefined();
      }
    }
    const replicas = replicaServices(services).map(([name]) => name);
    expect(Object.keys(services.server?.depends_on ?? {}).sort()).toEqual(
      ['migrate', 'primary', ...replicas].sort(),
    );
  });
});
