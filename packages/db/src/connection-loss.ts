import { ConnectionException } from '@mikro-orm/core';

// SQLSTATE class 08 (connection exception); 57P01-57P03: the server ended or refused the session
const lostSessionState = /^(08|57P0[123])/;
// what node-postgres throws, without a SQLSTATE, once its socket is gone
const lostSocketMessage = /Connection terminated|not queryable|ECONNREFUSED|ECONNRESET|EPIPE/;

/**
 * Whether an error means the connection to the server was lost (terminated, crashed,
 * refused), as opposed to the server refusing a statement. Looks through `cause` chains, since
 * MikroORM and tRPC wrap the driver's error.
 */
export function isConnectionLoss(error: unknown): boolean {
  let current = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof ConnectionException) return true;
    const { code } = current as { code?: unknown };
    if (typeof code === 'string' && lostSessionState.test(code)) return true;
    if (lostSocketMessage.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}
