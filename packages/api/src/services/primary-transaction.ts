import type { Database, EntityManager } from '@holdfast/db';
import { retryTransient } from './transient-retry.ts';

// a stuck lock holder must cost a caller a retry, not a hung request
const boundedLockWaits = "set local lock_timeout = '5s'";

/** One short transaction on the primary with bounded lock waits, run again after a deadlock or lock timeout. */
export function primaryTransaction<T>(db: Database, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return retryTransient(() =>
    db.primaryEm().transactional(async (tx) => {
      await tx.execute(boundedLockWaits);
      return work(tx);
    }),
  );
}
