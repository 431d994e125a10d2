import type pg from 'pg';
import { parseLsn } from './lsn.ts';
import { monitorPool } from './monitor-pool.ts';
import type { PrimaryPosition } from './primary-position.ts';

export interface ReplicaStatus {
  name: string;
  up: boolean;
  /** Upper bound on how old this replica's data is; Infinity when unknown or down. */
  stalenessMs: number;
  replayLsn: bigint | undefined;
  /**
   * The primary cannot be reached and this replica has replayed all the WAL it received: no
   * server has fresher data, so it serves within any freshness budget.
   */
  withoutPrimary: boolean;
  error?: string;
}

interface Waiter {
  lsn: bigint;
  settle: (replayed: boolean) => void;
}

interface Replica {
  name: string;
  pool: pg.Pool;
  status: ReplicaStatus | undefined;
  waiters: Set<Waiter>;
  polling: boolean;
}

// how often a replica is asked for its replay position while a read waits for it
const replayPollMs = 2;

function downStatus(name: string, error: string): ReplicaStatus {
  return { name, up: false, stalenessMs: Infinity, replayLsn: undefined, withoutPrimary: false, error };
}

/**
 * Measures each replica's staleness without trusting clocks or idle-time heuristics: the
 * primary's WAL position is sampled (every tick and after every write that hands out a
 * position), and a replica that has replayed the sample taken at time t holds every write
 * committed before t.
 */
export class ReplicaHealth {
  readonly #position: PrimaryPosition;
  readonly #replicas: Replica[];
  #timer: NodeJS.Timeout | undefined;
  #primaryUp = true;
  #recheck: Promise<void> | undefined;

  constructor(position: PrimaryPosition, replicas: { name: string; url: string }[], timeoutMs: number) {
    this.#position = position;
    this.#replicas = replicas.map(({ name, url }) => ({
      name,
      pool: monitorPool(url, timeoutMs),
      status: undefined,
      waiters: new Set(),
      polling: false,
    }));
  }

  start(intervalMs: number): void {
    this.#timer = setInterval(() => void this.refresh(), intervalMs);
    this.#timer.unref();
  }

  get primaryUp(): boolean {
    return this.#primaryUp;
  }

  statuses(): ReplicaStatus[] {
    return this.#replicas.map(({ name, status }) => status ?? downStatus(name, 'not checked yet'));
  }

  async refresh(): Promise<void> {
    try {
      await this.#position.read();
      this.#primaryUp = true;
    } catch {
      this.#primaryUp = false;
    }
    await Promise.all(this.#replicas.map((replica) => this.#check(replica)));
  }

  /**
   * A read lost its connection to the primary: take it as down now and check the replicas again,
   * rather than at the next tick, so one that has replayed all it received serves at once. Reads
   * failing together share one check.
   */
  reportPrimaryLost(): Promise<void> {
    this.#primaryUp = false;
    this.#recheck ??= Promise.all(this.#replicas.map((replica) => this.#check(replica))).then(() => {
      this.#recheck = undefined;
    });
    return this.#recheck;
  }

  /** A read lost its connection to this replica: skip it until the next check finds it up. */
  reportLost(name: string): void {
    const replica = this.#replicas.find((candidate) => candidate.name === name);
    if (replica) replica.status = downStatus(name, 'a read lost its connection');
  }

  /**
   * Resolves true once the replica has replayed `lsn`, false when `timeoutMs` passes first or
   * the replica cannot be asked. However many reads wait, the replica gets one query at a time.
   */
  waitForReplay(name: string, lsn: bigint, timeoutMs: number): Promise<boolean> {
    const replica = this.#replicas.find((candidate) => candidate.name === name);
    if (!replica) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => waiter.settle(false), timeoutMs);
      const waiter: Waiter = {
        lsn,
        settle(replayed) {
          clearTimeout(timer);
          replica.waiters.delete(waiter);
          resolve(replayed);
        },
      };
      replica.waiters.add(waiter);
      if (!replica.polling) void this.#pollReplay(replica);
    });
  }

  async #pollReplay(replica: Replica): Promise<void> {
    replica.polling = true;
    try {
      while (replica.waiters.size > 0) {
        const { rows } = await replica.pool.query<{ lsn: string | null }>(
          'select pg_last_wal_replay_lsn()::text as lsn',
        );
        const replayed = rows[0]?.lsn ? parseLsn(rows[0].lsn) : undefined;
        if (replayed !== undefined && replica.status?.up) this.#noteReplay(replica.status, replayed);
        for (const waiter of replica.waiters)
          if (replayed !== undefined && replayed >= waiter.lsn) waiter.settle(true);
        if (replica.waiters.size > 0) await new Promise((resolve) => setTimeout(resolve, replayPollMs));
      }
    } catch {
      for (const waiter of replica.waiters) waiter.settle(false);
    } finally {
      replica.polling = false;
    }
  }

  #noteReplay(status: ReplicaStatus, replayLsn: bigint): void {
    if (status.replayLsn !== undefined && replayLsn <= status.replayLsn) return;
    status.replayLsn = replayLsn;
    status.stalenessMs = this.#stalenessOf(replayLsn);
  }

  async #check(replica: Replica): Promise<void> {
    try {
      const { rows } = await replica.pool.query<{
        recovering: boolean;
        replayed: string | null;
        received: string | null;
      }>(
        `select pg_is_in_recovery() as recovering, pg_last_wal_replay_lsn()::text as replayed,
                pg_last_wal_receive_lsn()::text as received`,
      );
      const row = rows[0];
      if (!row?.recovering || !row.replayed) {
        replica.status = downStatus(replica.name, 'not in recovery');
        return;
      }
      const replayLsn = parseLsn(row.replayed);
      // null: nothing streamed since the replica started, so all it has is what it replayed
      const receivedAll = row.received === null || replayLsn >= parseLsn(row.received);
      replica.status = {
        name: replica.name,
        up: true,
        stalenessMs: this.#stalenessOf(replayLsn),
        replayLsn,
        withoutPrimary: !this.#primaryUp && receivedAll,
      };
    } catch (error) {
      replica.status = downStatus(replica.name, error instanceof Error ? error.message : String(error));
    }
  }

  #stalenessOf(replayLsn: bigint): number {
    const heldSince = this.#position.heldSince(replayLsn);
    return heldSince === undefined ? Infinity : Date.now() - heldSince;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.all(this.#replicas.map(({ pool }) => pool.end()));
  }
}
