import type { Database } from '@holdfast/db';
import type { FastifyInstance } from 'fastify';
import { admitAdmin } from './admin-caller.ts';

function lagMs(stalenessMs: number): number | null {
  return Number.isFinite(stalenessMs) ? Math.round(stalenessMs) : null;
}

/**
 * Both routes answer from the health monitor's latest samples (taken every 250 ms), so probing
 * them costs the databases nothing. 503 when the primary is down.
 *
 * `/healthz` is public: up or not, and each replica's lag; never a driver error, which names
 * users and hosts. `/healthz/details` adds those errors, the replicas serving without a primary
 * and the routing counters, for admins.
 */
export function registerHealth(app: FastifyInstance, db: Database): void {
  app.get('/healthz', async (_request, reply) => {
    const replicas = db.replicaStatuses().map((status) => ({
      name: status.name,
      up: status.up,
      lagMs: lagMs(status.stalenessMs),
    }));
    return reply.code(db.primaryUp ? 200 : 503).send({ up: db.primaryUp, replicas });
  });
  app.get('/healthz/details', async (request, reply) => {
    if (!(await admitAdmin(db, request, reply))) return reply;
    const replicas = db.replicaStatuses().map((status) => ({
      name: status.name,
      up: status.up,
      lagMs: lagMs(status.stalenessMs),
      withoutPrimary: status.withoutPrimary,
      ...(status.error ? { error: status.error } : {}),
    }));
    const body = { primary: { up: db.primaryUp }, replicas, routing: db.counters };
    return reply.code(db.primaryUp ? 200 : 503).send(body);
  });
}
