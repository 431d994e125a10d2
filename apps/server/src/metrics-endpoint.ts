import cluster from 'node:cluster';
import { metricsRegistry } from '@holdfast/db';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics } from 'prom-client';
import { clusterMetricsFromPrimary } from './cluster-metrics.ts';

const requestsByProcess = new Counter({
  name: 'holdfast_process_requests_total',
  help: 'HTTP requests answered, by the server process (pid) that answered: how the port spreads over SERVER_PROCESSES',
  labelNames: ['pid'],
  registers: [metricsRegistry],
});

let metricsText: (() => Promise<string>) | undefined;

/** Once per process: the process series, and where the text comes from (in a worker: all workers). */
function metricsSource(): () => Promise<string> {
  if (!metricsText) {
    // memory, CPU, event-loop lag and GC of this process, beside Holdfast's own series
    collectDefaultMetrics({ register: metricsRegistry, prefix: 'holdfast_' });
    metricsText = cluster.isWorker ? clusterMetricsFromPrimary() : () => metricsRegistry.metrics();
  }
  return metricsText;
}

/** `GET /metrics`: Prometheus text format, the routing, checkout, pool and process series. */
export function registerMetrics(app: FastifyInstance): void {
  const text = metricsSource();
  const answeredHere = requestsByProcess.labels(String(process.pid));
  app.addHook('onResponse', (_request, _reply, done) => {
    answeredHere.inc();
    done();
  });
  app.get('/metrics', async (_request, reply) => reply.type(metricsRegistry.contentType).send(await text()));
}
