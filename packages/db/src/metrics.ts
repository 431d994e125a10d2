import { Gauge, Registry } from 'prom-client';
import type { Database } from './database.ts';

/** The one registry every Holdfast package adds its metrics to; the server serves it at /metrics. */
export const metricsRegistry = new Registry();

// gauges read the state of the databases this process has open at scrape time (one, outside tests)
const open = new Set<Database>();

export function watchDatabase(db: Database): void {
  open.add(db);
}

export function unwatchDatabase(db: Database): void {
  open.delete(db);
}

new Gauge({
  name: 'holdfast_primary_up',
  help: 'Whether the last health check reached the primary (1) or not (0)',
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const db of open) this.set(db.primaryUp ? 1 : 0);
  },
});

new Gauge({
  name: 'holdfast_replica_up',
  help: 'Whether the last health check found the replica up and in recovery (1) or not (0)',
  labelNames: ['replica'],
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const db of open) {
      for (const status of db.replicaStatuses()) this.set({ replica: status.name }, status.up ? 1 : 0);
    }
  },
});

new Gauge({
  name: 'holdfast_replica_staleness_seconds',
  help: 'Upper bound on how old the replica data is, measured against sampled primary WAL positions (absent when unknown)',
  labelNames: ['replica'],
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const db of open) {
      for (const status of db.replicaStatuses()) {
        if (Number.isFinite(status.stalenessMs))
          this.set({ replica: status.name }, status.stalenessMs / 1000);
      }
    }
  },
});

new Gauge({
  name: 'holdfast_replica_serving_without_primary',
  help: 'The primary is unreachable and this replica has replayed all it received, so it serves within any freshness budget',
  labelNames: ['replica'],
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const db of open) {
      for (const status of db.replicaStatuses()) {
        this.set({ replica: status.name }, status.withoutPrimary ? 1 : 0);
      }
    }
  },
});

new Gauge({
  name: 'holdfast_db_pool_connections',
  help: 'Connections of each pool by state: in_use, idle, and waiting (requests queued for a connection)',
  labelNames: ['pool', 'state'],
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    for (const db of open) {
      for (const { name, pool } of await db.pools()) {
        this.set({ pool: name, state: 'in_use' }, pool.totalCount - pool.idleCount);
        this.set({ pool: name, state: 'idle' }, pool.idleCount);
        this.set({ pool: name, state: 'waiting' }, pool.waitingCount);
      }
    }
  },
});
