import pg from 'pg';

const pollMs = 5;

async function queryOnce<T>(url: string, sql: string, params: unknown[] = []): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(sql, params);
    return result.rows[0] as T;
  } finally {
    await client.end();
  }
}

/** What tests need to observe and steer streaming replication, by asking the servers themselves. */
export class ReplicaControl {
  readonly #primaryUrl: () => string;
  readonly #replicaUrl: () => string;
  readonly #pgCtl: (action: 'start' | 'stop') => Promise<string>;

  constructor(
    primaryUrl: () => string,
    replicaUrl: () => string,
    pgCtl: (action: 'start' | 'stop') => Promise<string>,
  ) {
    this.#primaryUrl = primaryUrl;
    this.#replicaUrl = replicaUrl;
    this.#pgCtl = pgCtl;
  }

  async primaryLsn(): Promise<string> {
    const row = await queryOnce<{ lsn: string }>(
      this.#primaryUrl(),
      'select pg_current_wal_lsn()::text as lsn',
    );
    return row.lsn;
  }

  async replayLsn(): Promise<string | null> {
    const row = await queryOnce<{ lsn: string | null }>(
      this.#replicaUrl(),
      'select pg_last_wal_replay_lsn()::text as lsn',
    );
    return row.lsn;
  }

  /** Resolves once the replica has replayed `lsn` (default: the primary's current WAL position). */
  async waitForReplay(lsn?: string, timeoutMs = 30_000): Promise<void> {
    const target = lsn ?? (await this.primaryLsn());
    const client = new pg.Client({ connectionString: this.#replicaUrl() });
    await client.connect();
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await client.query<{ done: boolean }>(
          'select coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) as done',
          [target],
        );
        if (rows[0]?.done) return;
        if (Date.now() > deadline) throw new Error(`replica did not replay ${target} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    } finally {
      await client.end();
    }
  }

  /** Stops applying WAL: the replica keeps answering, with the data it had. */
  async pauseReplay(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#replicaUrl() });
    await client.connect();
    try {
      await client.query('select pg_wal_replay_pause()');
      for (;;) {
        const { rows } = await client.query<{ state: string }>(
          'select pg_get_wal_replay_pause_state() as state',
        );
        if (rows[0]?.state === 'paused') return;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    } finally {
      await client.end();
    }
  }

  async resumeReplay(): Promise<void> {
    await queryOnce(this.#replicaUrl(), 'select pg_wal_replay_resume()');
  }

  async stop(): Promise<void> {
    await this.#pgCtl('stop');
  }

  async start(): Promise<void> {
    await this.#pgCtl('start');
  }
}
