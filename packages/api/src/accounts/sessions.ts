import { createHash, randomBytes } from 'node:crypto';
import { type customerRoles, type Database, type EntityManager, Session } from '@holdfast/db';

export type CustomerRole = (typeof customerRoles)[number];

/** Who is calling, once their token has been checked against a live session. */
export interface CallerSession {
  sessionId: number;
  customerId: number;
  role: CustomerRole;
}

// 32 random bytes in base64url, as newSessionToken makes them
const tokenShape = /^[A-Za-z0-9_-]{43}$/;

/** An opaque bearer token; only its hash is stored. */
function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A plain sha256 is enough: the token has 256 bits of entropy, so there is nothing to brute-force. */
function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface OpenedSession {
  token: string;
  expiresAt: Date;
}

export function openSession(tx: EntityManager, customerId: number, ttlMs: number): OpenedSession {
  const token = newSessionToken();
  const expiresAt = new Date(Date.now() + ttlMs);
  tx.create(Session, { customer: customerId, tokenHash: hashSessionToken(token), expiresAt });
  return { token, expiresAt };
}

/**
 * The live session a token stands for, read from the primary: a replica could still show a
 * session that was revoked a moment ago. Unknown, malformed, revoked and expired tokens are all null.
 */
export async function findLiveSession(
  db: Database,
  token: string | undefined,
): Promise<CallerSession | null> {
  if (!token || !tokenShape.test(token)) return null;
  const session = await db
    .primaryEm()
    .findOne(
      Session,
      { tokenHash: hashSessionToken(token), revokedAt: null, expiresAt: { $gt: new Date() } },
      { populate: ['customer'], fields: ['id', 'customer.id', 'customer.role'] },
    );
  if (!session) return null;
  return { sessionId: session.id, customerId: session.customer.id, role: session.customer.role };
}

/** Revokes the session behind a token, if it is still live; true when one was. */
export async function revokeSession(em: EntityManager, token: string | undefined): Promise<boolean> {
  if (!token || !tokenShape.test(token)) return false;
  const revoked = await em.nativeUpdate(
    Session,
    { tokenHash: hashSessionToken(token), revokedAt: null },
    { revokedAt: new Date() },
  );
  return revoked > 0;
}
