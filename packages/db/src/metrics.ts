import { Counter, Gauge, Registry } from 'prom-client';
import type { Database } from './database.ts';
import type { ReplicaStatus } from './replica-health.ts';

/** The one registry every Holdfast package adds its metrics to; the server serves it at /metrics. */
export const metricsRegistry = new Registry();

export const transactionRetries = new Counter({
  name: 'holdfast_transaction_retries_total',
  help: 'Transactions run again after a deadlock, serialization failure or lock timeout',
  registers: [metricsRegistry],
});

// gauges read the state of the databases this process has open at scrape time (one, outside tests)
const open = new Set<Database>();

export function watchDatabase(db: Database): void {
  open.add(db);
}

export function unwatchDatabase(db: Database): void {
  open.delete(db);
}

// Several server processes each have their own health monitor and pools; /metrics aggregates
// them (prom-client's AggregatorRegistry), each gauge as its `aggregator` says: up only if every
// process sees it up, the worst staleness, connections summed (they all count against the
// database's max_connections).

new Gauge({
  name: 'holdfast_primary_up',
  help: 'Whether the last health check reached the primary (1) or not (0)',
  registers: [metricsRegistry],
  aggregator: 'min',
  collect() {
    this.reset();
    for (const db of open) this.set(db.primaryUp ? 1 : 0);
  },
});

/** A gauge with one series per replica, read off the health monitor's last statuses. */
function replicaGauge(
  name: string,
  help: string,
  aggregator: 'min' | 'max',
  read: (status: ReplicaStatus) => number | undefined,
) {
  return new Gauge({
    name,
    help,
    labelNames: ['replica'],
    registers: [metricsRegistry],
    aggregator,
    collect() {
      this.reset();
      for (const db of open) {
        for (const status of db.replicaStatuses()) {
          const value = read(status);
          if (value !== undefined) this.set({ replica: status.name }, value);
        }
      }
    },
  });
}

replicaGauge(
  'holdfast_replica_up',
  'Whether the last health check found the replica up and in recovery (1) or not (0)',
  'min',
  (status) => (status.up ? 1 : 0),
);
replicaGauge(
  'holdfast_replica_staleness_seconds',
  'Upper bound on how old the replica data is, measured against sampled primary WAL positions (absent when unknown)',
  'max',
  (status) => (Number.isFinite(status.stalenessMs) ? status.stalenessMs / 1000 : undefined),
);
replicaGauge(
  'holdfast_replica_serving_without_primary',
  'The primary is unreachable and this replica has replayed all it received, so it serves within any freshness budget',
  'max',
  (status) => (status.withoutPrimary ? 1 : 0),
);

new Gauge({
  name: 'holdfast_db_pool_connections',
  help: 'Connections of each pool by state: in_use, idle, and waiting (requests queued for a connection)',
  labelNames: ['pool', 'state'],
  registers: [metricsRegistry],
  aggregator: 'sum',
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
