import type { Database, EntityManager } from '@holdfast/db';
import { retryTransient } from './transient-retry.ts';

/**
 * One short transaction on the primary, run again after a deadlock or a lock timeout (every
 * connection bounds its lock waits: see `lockTimeoutMs` in @holdfast/db).
 */
export function primaryTransaction<T>(db: Database, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return retryTransient(() => db.primaryEm().transactional(work));
}
