import type { Database } from '@holdfast/db';
import type { CallerSession } from './accounts/sessions.ts';
import type { ReadPositions } from './read-positions.ts';

export type { CallerSession };

/** How a transport that keeps the session token in a cookie (the web app's) is asked to change it. */
export interface SessionCookie {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

/** What the transport knows about a request. */
export interface RequestDetails {
  /** The positions of the caller's earlier writes, by read scope (the client sends them back). */
  readPositions?: ReadPositions;
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
   * The WAL positions of the caller's last writes, by read scope (the client sends them back):
   * a replica read of a scope only uses a replica that has replayed its position.
   */
  readPositions: ReadPositions;
  /** Set by a write that pins replica reads, so the transport can hand the new positions to the client. */
  writtenPositions: ReadPositions | undefined;
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
    readPositions: request.readPositions ?? {},
    writtenPositions: undefined,
    sessionToken: request.sessionToken,
    clientIp: request.clientIp,
    sessionCookie: request.sessionCookie,
  };
}
