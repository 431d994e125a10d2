import { type EntityManager, MikroORM, TransactionContext } from '@mikro-orm/postgresql';
import { type DatabaseConfig, databaseTimeouts } from './config.ts';
import { formatLsn, parseLsn } from './lsn.ts';
import { unwatchDatabase, watchDatabase } from './metrics.ts';
import { ormConfig } from './orm-config.ts';
import { PrimaryPosition } from './primary-position.ts';
import type { QueryLogSink } from './query-log.ts';
import { ReplicaHealth, type ReplicaStatus } from './replica-health.ts';

export type { EntityManager };

type PgPool = Awaited<ReturnType<ReturnType<EntityManager['getConnection']>['getNativeClient']>>;

export interface ReadOptions {
  /** How old the data may be: a replica further behind is skipped. */
  freshnessBudgetMs: number;
  /** Read-your-writes: only a replica that has replayed this WAL position qualifies. */
  minLsn?: string;
  /** Replicas not to use: one that just lost this read's connection. */
  avoid?: string[];
}

/** Why a read that wanted a replica went to the primary; few values, so metrics can count them. */
export type FallbackReason = 'replica_down' | 'replica_stale' | 'replay_wait_timeout';

export interface RoutedRead {
  em: EntityManager;
  /** 'primary', or the replica's name. */
  target: string;
  /** Set when the read wanted a replica and got the primary. */
  fallback?: FallbackReason;
  /** How long the read waited for a replica to replay the caller's position, in ms. */
  replayWaitMs: number;
  /** The caller's position was past anything the primary had written, and was cut back. */
  clamped: boolean;
}

export interface RoutingCounters {
  replicaReads: number;
  primaryFallbacks: number;
}

export interface DatabaseOptions {
  querySink?: QueryLogSink;
  /** Told every time a read that wanted a replica went to the primary instead, and why. */
  onFallback?: (reason: FallbackReason, detail: string) => void;
  healthIntervalMs?: number;
  /**
   * How long a read carrying a position a replica has not replayed waits for it before going to
   * the primary (default 50 ms): replicas replay within a few ms, so most reads stay on them.
   */
  replayWaitMs?: number;
  /** How long the health monitor waits for a server before calling it down (default 2 s). */
  healthTimeoutMs?: number;
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
  readonly #position: PrimaryPosition;
  readonly #health: ReplicaHealth;
  readonly #onFallback: (reason: FallbackReason, detail: string) => void;
  readonly #replayWaitMs: number;
  readonly #primaryUrl: string;
  #nextReplica = 0;

  private constructor(
    primaryUrl: string,
    primary: MikroORM,
    replicas: ReplicaTarget[],
    position: PrimaryPosition,
    health: ReplicaHealth,
    options: DatabaseOptions,
  ) {
    this.#primaryUrl = primaryUrl;
    this.#primary = primary;
    this.#replicas = replicas;
    this.#position = position;
    this.#health = health;
    this.#onFallback = options.onFallback ?? (() => undefined);
    this.#replayWaitMs = options.replayWaitMs ?? 50;
  }

  static async connect(config: DatabaseConfig, options: DatabaseOptions = {}): Promise<Database> {
    const { querySink, healthIntervalMs = 250, healthTimeoutMs = 2_000 } = options;
    const timeouts = { ...databaseTimeouts(), ...config.timeouts };
    const shared = { poolSize: config.poolSize, timeouts, querySink };
    const named = config.replicaUrls.map((url, index) => ({ name: `replica-${index + 1}`, url }));
    const primary = await MikroORM.init(ormConfig({ primaryUrl: config.primaryUrl, ...shared }));
    const replicas = await Promise.all(
      named.map(async (replica) => ({
        name: replica.name,
        orm: await MikroORM.init(ormConfig({ primaryUrl: config.primaryUrl, replica, ...shared })),
      })),
    );
    const position = new PrimaryPosition(config.primaryUrl, healthTimeoutMs);
    const health = new ReplicaHealth(position, named, healthTimeoutMs);
    await health.refresh();
    health.start(healthIntervalMs);
    const db = new Database(config.primaryUrl, primary, replicas, position, health, options);
    watchDatabase(db);
    return db;
  }

  /**
   * Runs `work` on an ORM of its own on the primary whose statements have no time limit:
   * migrations, seeding and operator checks may take minutes, which the request path's
   * statement timeout would cut short.
   */
  async withoutTimeouts<T>(work: (orm: MikroORM) => Promise<T>): Promise<T> {
    const orm = await MikroORM.init(
      ormConfig({ primaryUrl: this.#primaryUrl, poolSize: 2, timeouts: undefined }),
    );
    try {
      return await work(orm);
    } finally {
      await orm.close();
    }
  }

  /** A new fork whose every query runs on the primary: for writes and for reads that must be fresh. */
  primaryEm(): EntityManager {
    return this.#primary.em.fork();
  }

  /**
   * `work` in a transaction of its own on the primary, on the fork MikroORM makes for it. Begun
   * from the ORM's root manager where it can be: beginning from a fork costs a second fork, and
   * MikroORM then copies the transaction's entities into that fork for nobody. Callers want
   * `primaryTransaction`, which runs this again after a deadlock or a lock timeout.
   */
  primaryTransactional<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const root = this.#primary.em;
    // begun from the root inside another transaction's async scope (work started from that
    // transaction's callback), MikroORM would make it a savepoint of that transaction; a fork
    // does not look for one, so the transaction stands alone there too
    const starter = TransactionContext.getEntityManager(root.name) ? root.fork() : root;
    return starter.transactional(work);
  }

  /** A fork for reads that tolerate `options.freshnessBudgetMs` of staleness; see `routeRead`. */
  async readEm(options: ReadOptions): Promise<EntityManager> {
    return (await this.routeRead(options)).em;
  }

  /**
   * Picks where a read runs: a replica that is up, within the freshness budget and has replayed
   * the caller's position (waiting up to `replayWaitMs` for one that is about to), else the
   * primary, counted and reported.
   */
  async routeRead(options: ReadOptions): Promise<RoutedRead> {
    const statuses = this.#health.statuses();
    const usable = this.#replicas.filter((replica, index) => {
      const status = statuses[index];
      return (
        status?.up &&
        !options.avoid?.includes(replica.name) &&
        (status.withoutPrimary || status.stalenessMs <= options.freshnessBudgetMs)
      );
    });
    if (usable.length === 0) {
      if (this.#replicas.length === 0) return this.#onPrimary(undefined);
      const anyUp = this.#replicas.some(
        (replica, index) => statuses[index]?.up && !options.avoid?.includes(replica.name),
      );
      return this.#fallBack(anyUp ? 'replica_stale' : 'replica_down', statuses, options);
    }
    const position = options.minLsn === undefined ? undefined : await this.#clampedPosition(options.minLsn);
    const holding = usable.filter((replica) => {
      const status = statuses[this.#replicas.indexOf(replica)];
      // with the primary gone, no server has a newer position than this replica's
      return position === undefined || status?.withoutPrimary || (status?.replayLsn ?? -1n) >= position.lsn;
    });
    if (holding.length > 0) return this.#onReplica(holding, 0, position?.clamped ?? false);
    const started = performance.now();
    const lsn = position?.lsn ?? 0n;
    const replayed = await firstTrue(
      usable.map(async (replica) =>
        (await this.#health.waitForReplay(replica.name, lsn, this.#replayWaitMs)) ? replica : undefined,
      ),
    );
    const waitedMs = performance.now() - started;
    if (replayed) return this.#onReplica([replayed], waitedMs, position?.clamped ?? false);
    return { ...this.#fallBack('replay_wait_timeout', statuses, options), replayWaitMs: waitedMs };
  }

  /**
   * A position past anything the primary has written is cut back to the newest it has: a
   * client cannot push its reads to the primary by sending one from the future. A position
   * newer than our samples (another server's write) is checked against a fresh one first.
   */
  async #clampedPosition(minLsn: string): Promise<{ lsn: bigint; clamped: boolean }> {
    const wanted = parseLsn(minLsn);
    let newest = this.#position.newest;
    if (newest === undefined || wanted > newest) newest = await this.#position.read().catch(() => newest);
    if (newest === undefined || wanted <= newest) return { lsn: wanted, clamped: false };
    return { lsn: newest, clamped: true };
  }

  #onReplica(replicas: ReplicaTarget[], replayWaitMs: number, clamped: boolean): RoutedRead {
    this.counters.replicaReads++;
    this.#nextReplica = (this.#nextReplica + 1) % replicas.length;
    const replica = replicas[this.#nextReplica] as ReplicaTarget;
    return { em: replica.orm.em.fork(), target: replica.name, replayWaitMs, clamped };
  }

  #onPrimary(fallback: FallbackReason | undefined): RoutedRead {
    return { em: this.primaryEm(), target: 'primary', fallback, replayWaitMs: 0, clamped: false };
  }

  #fallBack(reason: FallbackReason, statuses: ReplicaStatus[], options: ReadOptions): RoutedRead {
    this.counters.primaryFallbacks++;
    this.#onFallback(reason, describeFallback(statuses, options));
    return this.#onPrimary(reason);
  }

  /** The primary's WAL position now, past every commit that finished before the call. */
  async primaryPosition(): Promise<string> {
    return formatLsn(await this.#position.read());
  }

  /**
   * A position read right after a commit (withCommitPosition), taken as a sample: reads that
   * carry it then know it without asking the primary again.
   */
  notePrimaryPosition(lsn: string, readAt: number): void {
    this.#position.note(parseLsn(lsn), readAt);
  }

  /** A read lost its connection to the primary: the replicas are checked again at once (see ReplicaHealth). */
  reportPrimaryLost(): Promise<void> {
    return this.#health.reportPrimaryLost();
  }

  /** A read lost its connection to this replica: later reads skip it until it answers a health check. */
  reportReplicaLost(name: string): void {
    this.#health.reportLost(name);
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

  /** The pg pools behind the ORMs, by server: 'primary' and each replica's read pool. */
  async pools(): Promise<{ name: string; pool: PgPool }[]> {
    return Promise.all([
      this.#primary.em
        .getConnection('write')
        .getNativeClient()
        .then((pool) => ({ name: 'primary', pool })),
      ...this.#replicas.map(({ name, orm }) =>
        orm.em
          .getConnection('read')
          .getNativeClient()
          .then((pool) => ({ name, pool })),
      ),
    ]);
  }

  async close(): Promise<void> {
    unwatchDatabase(this);
    await this.#health.close();
    await this.#position.close();
    await Promise.all([this.#primary.close(), ...this.#replicas.map(({ orm }) => orm.close())]);
  }
}

/** The first promise to resolve to something, or undefined once all resolved to nothing. */
async function firstTrue<T>(candidates: Promise<T | undefined>[]): Promise<T | undefined> {
  return new Promise((resolve) => {
    let pending = candidates.length;
    for (const candidate of candidates) {
      void candidate.then((value) => {
        pending--;
        if (value !== undefined) resolve(value);
        else if (pending === 0) resolve(undefined);
      });
    }
  });
}

function describeFallback(statuses: ReplicaStatus[], options: ReadOptions): string {
  const why = statuses.map((status) => {
    if (options.avoid?.includes(status.name)) return `${status.name} lost the read's connection`;
    if (!status.up) return `${status.name} down`;
    if (status.stalenessMs > options.freshnessBudgetMs)
      return `${status.name} ${Math.round(status.stalenessMs)}ms behind (budget ${options.freshnessBudgetMs}ms)`;
    return `${status.name} has not replayed ${options.minLsn}`;
  });
  return `no replica qualifies: ${why.join('; ')}`;
}
