import { writesAtCommit } from './commit-queue.ts';
import type { EntityManager } from './database.ts';
import { ReleasingPostgreSqlConnection } from './releasing-driver.ts';

/**
 * Sends a write whose answer nobody needs in the same round trip as its transaction's COMMIT,
 * right before it (and after anything the ORM flushes then). While a transaction holds row
 * locks, each round trip is time that everyone queued on those rows waits: checkout's writes
 * going with its commit leave one round trip between the stock lock and its release instead of
 * two. If the write fails, nothing commits and the commit throws the write's error.
 * Only inside `primaryTransaction`, where the queue is kept per attempt.
 */
export function writeAtCommit(tx: EntityManager, sql: string, params: readonly unknown[]): void {
  const queue = writesAtCommit();
  if (!queue || !tx.isInTransaction()) throw new Error('writeAtCommit runs inside primaryTransaction');
  const connection = tx.getConnection('write');
  if (!(connection instanceof ReleasingPostgreSqlConnection))
    throw new Error('writeAtCommit needs the Holdfast PostgreSQL driver (ormConfig)');
  const statement = tx.getPlatform().formatQuery(sql, [...params]);
  // logged when queued, as the ORM logs what it sends: the query log keeps the transaction's order
  connection.logQueued(statement);
  queue.push(statement);
}
