/**
 * Read-your-writes on the wire. After a write, the server tells the client how far the primary's
 * WAL had got, per read scope the write can change (`catalog=16/B374D848`); the client sends its
 * newest positions back, and a replica read of a scope only uses a replica that has replayed that
 * scope's position. Scoped, so that a cart or order write does not pin the catalog to the primary.
 * This module is also the client's: it imports nothing.
 */

/** Header the server sets after a write: the positions that write reached, by scope. */
export const writtenPositionsHeader = 'x-holdfast-lsn';
/** Header the client sends back so reads only use a replica that has replayed its writes. */
export const readPositionsHeader = 'x-holdfast-min-lsn';

/** The kinds of data that procedures read from replicas; a write names the ones it changes. */
export const readScopes = ['catalog'] as const;
export type ReadScope = (typeof readScopes)[number];
export type ReadPositions = Partial<Record<ReadScope, string>>;

const lsnPattern = /^[0-9A-Fa-f]{1,8}\/[0-9A-Fa-f]{1,8}$/;

export function lsnValue(lsn: string): bigint {
  const [high = '0', low = '0'] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

export function formatPositions(positions: ReadPositions): string {
  return Object.entries(positions)
    .map(([scope, lsn]) => `${scope}=${lsn}`)
    .join(',');
}

/** Unknown scopes and malformed positions are dropped: they could only make reads fresher than asked. */
export function parsePositions(header: string | null | undefined): ReadPositions {
  const positions: ReadPositions = {};
  if (!header) return positions;
  for (const part of header.split(',', readScopes.length + 1)) {
    const [scope, lsn] = part.trim().split('=');
    if (lsn && lsnPattern.test(lsn) && (readScopes as readonly string[]).includes(scope ?? '')) {
      positions[scope as ReadScope] = lsn;
    }
  }
  return positions;
}

/** Positions only move forward: the newer of each scope's two. */
export function newestPositions(current: ReadPositions, seen: ReadPositions): ReadPositions {
  const newest = { ...current };
  for (const scope of readScopes) {
    const lsn = seen[scope];
    const known = newest[scope];
    if (lsn && (!known || lsnValue(lsn) > lsnValue(known))) newest[scope] = lsn;
  }
  return newest;
}
