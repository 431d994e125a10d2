import type { Database } from '@holdfast/db';
import type { CallerSession } from './accounts/sessions.ts';

export type { CallerSession };

/** How a transport that keeps the session token in a cookie (the web app's) is asked to change it. */
export interface SessionCookie {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

/** What the transport knows about a request. */
export interface RequestDetails {
  minLsn?: string;
  sessionToken?: string;
  clientIp?: string;
  sessionCookie?: SessionCookie;
}

/**
 * What the transport hands every procedure. Procedures built on `publicProcedure` (and the
 * builders on top of it, see trpc.ts) also get `session: CallerSession | null`: who is calling,
 * looked up from `sessionToken` on the primary, null for no token and for one that is unknown,
 * revoked or expired.
 */
export interface Context {
  db: Database;
  /**
   * The WAL position of the caller's last write (the client sends it back): replica reads in
   * this request only use a replica that has replayed it.
   */
  minLsn: string | undefined;
  /** Set by a write so the transport can hand the new position to the client. */
  lsnAfterWrite: string | undefined;
  /** The session token the request presented (bearer header or cookie), not yet checked. */
  sessionToken: string | undefined;
  /** The caller's address as the transport sees it: the key of per-address attempt limits. */
  clientIp: string | undefined;
  /** Absent for callers that only use the bearer token. */
  sessionCookie: SessionCookie | undefined;
}

export function createContext(db: Database, request: RequestDetails = {}): Context {
  return {
    db,
    minLsn: request.minLsn,
    lsnAfterWrite: undefined,
    sessionToken: request.sessionToken,
    clientIp: request.clientIp,
    sessionCookie: request.sessionCookie,
  };
}
