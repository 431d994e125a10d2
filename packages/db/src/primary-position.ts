import type pg from 'pg';
import { parseLsn } from './lsn.ts';
import { monitorPool } from './monitor-pool.ts';

interface PositionSample {
  at: number;
  lsn: bigint;
}

// one sample per slot is enough to measure staleness to within it, and keeps ten minutes in 6,000 entries
const sampleSlotMs = 100;
const keptForMs = 10 * 60_000;

/**
 * The primary's WAL position, read on a connection of its own so that a pool full of lock
 * waiters cannot delay it. Reads are coalesced: callers that arrive while a read is running
 * share the next one, which starts after they asked; so under load a commit costs a share of
 * one `pg_current_wal_lsn()`, not a query of its own, and every answer is at or past the
 * caller's commit. Every answer is also a sample for measuring replica staleness.
 */
export class PrimaryPosition {
  readonly #pool: pg.Pool;
  readonly #samples: PositionSample[] = [];
  #newest: bigint | undefined;
  #running: Promise<bigint> | undefined;
  #queued: Promise<bigint> | undefined;

  constructor(primaryUrl: string, timeoutMs: number) {
    // a frozen primary must fail this read, not hold it (and everyone queued behind it) forever
    this.#pool = monitorPool(primaryUrl, timeoutMs);
  }

  /** A position read that started after this call: it covers every commit that finished before it. */
  read(): Promise<bigint> {
    if (!this.#running) {
      this.#running = this.#query().finally(() => {
        this.#running = undefined;
      });
      return this.#running;
    }
    // the running read may have started before our caller's commit: wait for the one after it
    this.#queued ??= this.#running
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.read();
      });
    return this.#queued;
  }

  /** A position read elsewhere (right after a commit): a sample like the ones this class reads. */
  note(lsn: bigint, at: number): void {
    this.#record(at, lsn);
  }

  /** The newest position seen so far, without asking the primary. */
  get newest(): bigint | undefined {
    return this.#newest;
  }

  /**
   * Since when a server that has replayed `lsn` is known to hold every commit: the time of the
   * newest sample at or before `lsn`; undefined when no sample is that old.
   */
  heldSince(lsn: bigint): number | undefined {
    // samples are in time order and positions never go back: find the first one past lsn
    let low = 0;
    let high = this.#samples.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#samples[middle] as PositionSample).lsn > lsn) high = middle;
      else low = middle + 1;
    }
    return this.#samples[low - 1]?.at;
  }

  async #query(): Promise<bigint> {
    const at = Date.now();
    const { rows } = await this.#pool.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
    const lsn = parseLsn(rows[0]?.lsn ?? '0/0');
    this.#record(at, lsn);
    return lsn;
  }

  #record(at: number, lsn: bigint): void {
    if (this.#newest === undefined || lsn > this.#newest) this.#newest = lsn;
    const last = this.#samples.at(-1);
    if (last && at - last.at < sampleSlotMs) return;
    this.#samples.push({ at, lsn });
    const oldest = at - keptForMs;
    while ((this.#samples[0]?.at ?? at) < oldest) this.#samples.shift();
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}
