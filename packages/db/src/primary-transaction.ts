import { setTimeout as sleep } from 'node:timers/promises';
import { DeadlockException, LockWaitTimeoutException } from '@mikro-orm/core';
import { collectingWritesAtCommit } from './commit-queue.ts';
import type { Database, EntityManager } from './database.ts';
import { transactionRetries } from './metrics.ts';

// deadlock_detected, serialization_failure, lock_not_available, and query_canceled: in these short
// transactions a statement outlives the statement timeout by waiting for locks (locking a
// contended row can take two waits, its tuple lock and then its holder's transaction, of up to
// lock_timeout each). By SQLSTATE as well as by class: MikroORM converts what its entity API
// throws, but a QueryBuilder's error arrives as the driver's own, and its converter leaves
// lock_not_available a plain DriverException anyway
const transientStates = new Set(['40P01', '40001', '55P03', '57014']);

/** Failures that say nothing about the request, only about who else was running: the work can simply run again. */
function isTransient(error: unknown): boolean {
  if (error instanceof DeadlockException || error instanceof LockWaitTimeoutException) return true;
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && transientStates.has(code);
}

/**
 * The rows stayed contended through every retry: nothing was written, and the same request may
 * be sent again. The API answers it as a CONFLICT with reason CONTENTION.
 */
export class ContentionError extends Error {
  constructor() {
    super('Too many buyers at once for these items; please try again');
    this.name = 'ContentionError';
  }
}

// a lock wait that timed out may well time out again (a stuck holder): past this, answer instead
const retryBudgetMs = 3_000;

/**
 * Runs `work` (a whole transaction) again after a deadlock, serialization failure, lock
 * timeout or statement timeout; when that keeps happening (`attempts` times, or past the retry
 * budget) it throws a ContentionError, never the database's own error.
 */
export async function retryTransient<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  const deadline = performance.now() + retryBudgetMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (attempt >= attempts || performance.now() > deadline) throw new ContentionError();
      transactionRetries.inc();
      // jittered and growing, so the transactions that collided do not collide again in step
      await sleep(Math.random() * 5 * 2 ** attempt);
    }
  }
}

/**
 * One short transaction on the primary, run again after a deadlock or a lock timeout (every
 * connection bounds its lock waits: see `lockTimeoutMs` in config.ts).
 */
export function primaryTransaction<T>(db: Database, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return retryTransient(() => collectingWritesAtCommit(() => db.primaryTransactional(work)));
}
