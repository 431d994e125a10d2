import { ConnectionException } from '@mikro-orm/core';

// SQLSTATE class 08 (connection exception); 57P01-57P03: the server ended or refused the session.
// Not 08P01: a protocol violation is a statement the server could not read (a NUL byte inlined
// into it), answered with an error on a session that carries on
const lostSessionState = /^(08(?!P01)|57P0[123])/;
// 08P01 as above; 22021/22P05: bytes that text cannot hold; 22003/22007/22008: a number or a
// date outside what its column type can hold
const refusedInputState = /^(08P01|22021|22P05|22003|22007|22008)$/;

/** The errors in a chain of `cause`s: MikroORM and tRPC wrap the driver's error. */
function* causeChain(error: unknown): Generator<Error> {
  let current = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    yield current;
    current = current.cause;
  }
}

function sqlState(error: Error): string | undefined {
  const { code } = error as { code?: unknown };
  return typeof code === 'string' ? code : undefined;
}
// what node-postgres throws, without a SQLSTATE, once its socket is gone
const lostSocketMessage = /Connection terminated|not queryable|ECONNREFUSED|ECONNRESET|EPIPE/;

/**
 * Whether an error means the connection to the server was lost (terminated, crashed,
 * refused), as opposed to the server refusing a statement.
 */
export function isConnectionLoss(error: unknown): boolean {
  for (const current of causeChain(error)) {
    if (current instanceof ConnectionException) return true;
    if (lostSessionState.test(sqlState(current) ?? '')) return true;
    if (lostSocketMessage.test(current.message)) return true;
  }
  return false;
}

/** Whether the server refused a value the request carried, as opposed to failing on its own. */
export function isRefusedInput(error: unknown): boolean {
  for (const current of causeChain(error)) if (refusedInputState.test(sqlState(current) ?? '')) return true;
  return false;
}
