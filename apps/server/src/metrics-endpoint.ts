import { metricsRegistry } from '@holdfast/db';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics } from 'prom-client';

let processMetricsRegistered = false;

/** `GET /metrics`: Prometheus text format, the routing, checkout, pool and process series. */
export function registerMetrics(app: FastifyInstance): void {
  if (!processMetricsRegistered) {
    // memory, CPU, event-loop lag and GC of this process, beside Holdfast's own series
    collectDefaultMetrics({ register: metricsRegistry, prefix: 'holdfast_' });
    processMetricsRegistered = true;
  }
  app.get('/metrics', async (_request, reply) => {
    const text = await metricsRegistry.metrics();
    return reply.type(metricsRegistry.contentType).send(text);
  });
}
