import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { DatabaseConfig } from './config.ts';
import { parseLsn } from './lsn.ts';
import { ormConfig } from './orm-config.ts';
import type { QueryLogSink } from './query-log.ts';
import { ReplicaHealth, type ReplicaStatus } from './replica-health.ts';

export type { EntityManager };

export interface ReadOptions {
  /** How old the data may be; defaults to the catalog budget from the configuration. */
  freshnessBudgetMs?: number;
  /** Read-your-writes: only a replica that has replayed this WAL position qualifies. */
  minLsn?: string;
}

export interface RoutingCounters {
  replicaReads: number;
  primaryFallbacks: number;
}

export interface DatabaseOptions {
  querySink?: QueryLogSink;
  /** Told every time a read that wanted a replica went to the primary instead, and why. */
  onFallback?: (reason: string) => void;
  healthIntervalMs?: number;
  /** Bounds every lock wait on every connection (default 5 s); a wait past it fails with SQLSTATE 55P03. */
  lockTimeoutMs?: number;
}

interface ReplicaTarget {
  name: string;
  orm: MikroORM;
}

/**
 * The routing layer: callers say what kind of work they do, never which connection to use.
 * The primary gets an ORM of its own with no replicas, so a fork of it cannot read stale
 * data by accident; each replica gets an ORM whose reads outside transactions go to it.
 */
export class Database {
  readonly counters: RoutingCounters = { replicaReads: 0, primaryFallbacks: 0 };
  readonly #primary: MikroORM;
  readonly #replicas: ReplicaTarget[];
  readonly #health: ReplicaHealth;
  readonly #config: DatabaseConfig;
  readonly #onFallback: (reason: string) => void;
  #nextReplica = 0;

  private constructor(
    config: DatabaseConfig,
    primary: MikroORM,
    replicas: ReplicaTarget[],
    health: ReplicaHealth,
    onFallback: (reason: string) => void,
  ) {
    this.#config = config;
    this.#primary = primary;
    this.#replicas = replicas;
    this.#health = health;
    this.#onFallback = onFallback;
  }

  static async connect(config: DatabaseConfig, options: DatabaseOptions = {}): Promise<Database> {
    const { querySink, lockTimeoutMs, onFallback = () => undefined, healthIntervalMs = 250 } = options;
    const shared = { poolSize: config.poolSize, lockTimeoutMs, querySink };
    const named = config.replicaUrls.map((url, index) => ({ name: `replica-${index + 1}`, url }));
    const primary = await MikroORM.init(ormConfig({ primaryUrl: config.primaryUrl, ...shared }));
    const replicas = await Promise.all(
      named.map(async (replica) => ({
        name: replica.name,
        orm: await MikroORM.init(ormConfig({ primaryUrl: config.primaryUrl, replica, ...shared })),
      })),
    );
    const health = new ReplicaHealth(config.primaryUrl, named);
    await health.refresh();
    health.start(healthIntervalMs);
    return new Database(config, primary, replicas, health, onFallback);
  }

  /** The ORM that owns the primary: for migrations, seeding and schema work. */
  get primaryOrm(): MikroORM {
    return this.#primary;
  }

  /** A new fork whose every query runs on the primary: for writes and for reads that must be fresh. */
  primaryEm(): EntityManager {
    return this.#primary.em.fork();
  }

  /**
   * A new fork for catalog reads, on a replica that is up and fresh enough; on the primary
   * (counted and reported) when none qualifies.
   */
  replicaEm(options: ReadOptions = {}): EntityManager {
    const budget = options.freshnessBudgetMs ?? this.#config.catalogFreshnessBudgetMs;
    const minLsn = options.minLsn ? parseLsn(options.minLsn) : undefined;
    const statuses = this.#health.statuses();
    const eligible = this.#replicas.filter((_, index) => {
      const status = statuses[index];
      return (
        status?.up &&
        status.stalenessMs <= budget &&
        (minLsn === undefined || (status.replayLsn !== undefined && status.replayLsn >= minLsn))
      );
    });
    if (eligible.length > 0) {
      this.counters.replicaReads++;
      this.#nextReplica = (this.#nextReplica + 1) % eligible.length;
      return (eligible[this.#nextReplica] as ReplicaTarget).orm.em.fork();
    }
    if (this.#replicas.length > 0) {
      this.counters.primaryFallbacks++;
      this.#onFallback(describeFallback(statuses, budget, options.minLsn));
    }
    return this.primaryEm();
  }

  replicaStatuses(): ReplicaStatus[] {
    return this.#health.statuses();
  }

  get primaryUp(): boolean {
    return this.#health.primaryUp;
  }

  /** Re-checks replica health now instead of at the next tick (tests, and after a known change). */
  refreshHealth(): Promise<void> {
    return this.#health.refresh();
  }

  async close(): Promise<void> {
    await this.#health.close();
    await Promise.all([this.#primary.close(), ...this.#replicas.map(({ orm }) => orm.close())]);
  }
}

function describeFallback(statuses: ReplicaStatus[], budgetMs: number, minLsn: string | undefined): string {
  const why = statuses.map((status) => {
    if (!status.up) return `${status.name} down`;
    if (status.stalenessMs > budgetMs)
      return `${status.name} ${Math.round(status.stalenessMs)}ms behind (budget ${budgetMs}ms)`;
    return `${status.name} has not replayed ${minLsn}`;
  });
  return `no replica qualifies: ${why.join('; ')}`;
}
