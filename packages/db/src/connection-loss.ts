import { ConnectionException } from '@mikro-orm/core';
import { readTimeoutMessage } from './discarding-client.ts';

// SQLSTATE class 08 (connection exception); 57P01-57P03: the server ended or refused the session.
// Not 08P01: a protocol violation is a statement the server could not read (a NUL byte inlined
// into it), answered with an error on a session that carries on
const lostSessionState = /^(08(?!P01)|57P0[123])/;
// what node-postgres throws, without a SQLSTATE, once its socket is gone or its server went silent
const lostSocketMessage = new RegExp(
  `Connection terminated|not queryable|ECONNREFUSED|ECONNRESET|EPIPE|${readTimeoutMessage}`,
);
// 57014 query_canceled: statement_timeout fired (nothing here cancels queries otherwise)
const statementTimeoutState = '57014';
// pg-pool's message when no pooled connection frees up within connectionTimeoutMillis
const acquireTimeoutMessage = 'timeout exceeded when trying to connect';
// 08P01 as above; 22021/22P05: bytes that text cannot hold; 22003/22007/22008: a number or a
// date outside what its column type can hold
const refusedInputState = /^(08P01|22021|22P05|22003|22007|22008)$/;

/** Whether `error`, or an error in its `cause` chain (MikroORM and tRPC wrap the driver's), matches. */
function anyCause(error: unknown, matches: (error: Error & { code?: unknown }) => boolean): boolean {
  let current = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (matches(current)) return true;
    current = current.cause;
  }
  return false;
}

/**
 * Whether an error means the connection to the server was lost (terminated, crashed,
 * refused, or silent past the client's bound), as opposed to the server refusing a statement.
 */
export function isConnectionLoss(error: unknown): boolean {
  return anyCause(
    error,
    (current) =>
      current instanceof ConnectionException ||
      (typeof current.code === 'string' && lostSessionState.test(current.code)) ||
      lostSocketMessage.test(current.message),
  );
}

/** Whether the work ran out of time on a live server: a statement past statement_timeout, or no free connection in time. */
export function isDatabaseTimeout(error: unknown): boolean {
  return anyCause(
    error,
    (current) => current.code === statementTimeoutState || current.message.includes(acquireTimeoutMessage),
  );
}

/** Whether the server refused a value the request carried, as opposed to failing on its own. */
export function isRefusedInput(error: unknown): boolean {
  return anyCause(
    error,
    (current) => typeof current.code === 'string' && refusedInputState.test(current.code),
  );
}
