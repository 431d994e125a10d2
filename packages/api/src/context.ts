import type { Database } from '@holdfast/db';

export interface Context {
  db: Database;
  /**
   * The WAL position of the caller's last write (the client sends it back): replica reads in
   * this request only use a replica that has replayed it.
   */
  minLsn: string | undefined;
  /** Set by a write so the transport can hand the new position to the client. */
  lsnAfterWrite: string | undefined;
}

export function createContext(db: Database, minLsn?: string): Context {
  return { db, minLsn, lsnAfterWrite: undefined };
}
