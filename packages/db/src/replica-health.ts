import pg from 'pg';
import { parseLsn } from './lsn.ts';

export interface ReplicaStatus {
  name: string;
  up: boolean;
  /** Upper bound on how old this replica's data is; Infinity when unknown or down. */
  stalenessMs: number;
  replayLsn: bigint | undefined;
  error?: string;
}

interface PrimarySample {
  at: number;
  lsn: bigint;
}

const keptSamples = 600;

/**
 * Measures each replica's staleness without trusting clocks or idle-time heuristics: the
 * primary's WAL position is sampled on every tick, and a replica that has replayed the sample
 * taken at time t holds every write committed before t.
 */
export class ReplicaHealth {
  readonly #primary: pg.Pool;
  readonly #replicas: { name: string; pool: pg.Pool }[];
  readonly #samples: PrimarySample[] = [];
  readonly #status = new Map<string, ReplicaStatus>();
  #timer: NodeJS.Timeout | undefined;
  #primaryUp = true;

  constructor(primaryUrl: string, replicas: { name: string; url: string }[]) {
    const quiet = (pool: pg.Pool) => {
      // an idle monitoring connection dropped by a restarting server must not crash the process
      pool.on('error', () => undefined);
      return pool;
    };
    this.#primary = quiet(
      new pg.Pool({ connectionString: primaryUrl, max: 1, connectionTimeoutMillis: 2000 }),
    );
    this.#replicas = replicas.map(({ name, url }) => ({
      name,
      pool: quiet(new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 2000 })),
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
    return this.#replicas.map(
      ({ name }) =>
        this.#status.get(name) ?? { name, up: false, stalenessMs: Infinity, replayLsn: undefined },
    );
  }

  async refresh(): Promise<void> {
    const at = Date.now();
    try {
      const { rows } = await this.#primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
      this.#samples.push({ at, lsn: parseLsn(rows[0]?.lsn ?? '0/0') });
      if (this.#samples.length > keptSamples) this.#samples.shift();
      this.#primaryUp = true;
    } catch {
      this.#primaryUp = false;
    }
    await Promise.all(this.#replicas.map((replica) => this.#check(replica.name, replica.pool)));
  }

  async #check(name: string, pool: pg.Pool): Promise<void> {
    try {
      const { rows } = await pool.query<{ recovering: boolean; lsn: string | null }>(
        'select pg_is_in_recovery() as recovering, pg_last_wal_replay_lsn()::text as lsn',
      );
      const row = rows[0];
      if (!row?.recovering || !row.lsn) {
        this.#status.set(name, {
          name,
          up: false,
          stalenessMs: Infinity,
          replayLsn: undefined,
          error: 'not in recovery',
        });
        return;
      }
      const replayLsn = parseLsn(row.lsn);
      this.#status.set(name, { name, up: true, stalenessMs: this.#stalenessOf(replayLsn), replayLsn });
    } catch (error) {
      this.#status.set(name, {
        name,
        up: false,
        stalenessMs: Infinity,
        replayLsn: undefined,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  #stalenessOf(replayLsn: bigint): number {
    for (let i = this.#samples.length - 1; i >= 0; i--) {
      const sample = this.#samples[i];
      if (sample && replayLsn >= sample.lsn) return Date.now() - sample.at;
    }
    return Infinity;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.all([this.#primary.end(), ...this.#replicas.map(({ pool }) => pool.end())]);
  }
}
