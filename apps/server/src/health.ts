import type { Database } from '@holdfast/db';
import type { FastifyInstance } from 'fastify';

/** Primary and each replica: up or not, and how stale the replica is. 503 when the primary is down. */
export function registerHealth(app: FastifyInstance, db: Database): void {
  app.get('/healthz', async (_request, reply) => {
    await db.refreshHealth();
    const replicas = db.replicaStatuses().map((status) => ({
      name: status.name,
      up: status.up,
      lagMs: Number.isFinite(status.stalenessMs) ? Math.round(status.stalenessMs) : null,
      ...(status.error ? { error: status.error } : {}),
    }));
    const body = { primary: { up: db.primaryUp }, replicas, routing: db.counters };
    return reply.code(db.primaryUp ? 200 : 503).send(body);
  });
}
