import { AsyncLocalStorage } from 'node:async_hooks';

interface CommitRecord {
  /** The primary's WAL position read right after the newest commit, on the committing connection. */
  lsn?: string;
  /** When that read started (Date.now()). */
  readAt?: number;
}

const recording = new AsyncLocalStorage<CommitRecord>();

/**
 * Runs `work` noting the WAL position after each of its commits: read on the connection that
 * committed, in the same round trip as the COMMIT and right after it, so it takes no second
 * connection and covers the commit record. (Read inside the transaction, `pg_current_wal_lsn()`
 * would come before the commit record, and a replica that replayed up to it could still lack the
 * write.) Undefined when the work committed nothing.
 */
export async function withCommitPosition<T>(
  work: () => Promise<T>,
): Promise<{ result: T; lsn?: string; readAt?: number }> {
  const record: CommitRecord = {};
  const result = await recording.run(record, work);
  return { result, ...record };
}

/** Where a commit running in `withCommitPosition` notes its position; undefined elsewhere (no read is made). */
export function commitRecord(): CommitRecord | undefined {
  return recording.getStore();
}

export const positionSql = 'select pg_current_wal_lsn()::text as lsn';
