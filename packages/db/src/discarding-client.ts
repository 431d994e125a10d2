import pg from 'pg';

// what pg rejects a query with once `query_timeout` passes without an answer
export const readTimeoutMessage = 'Query read timeout';

/**
 * A pg client that closes itself when a query outlives `query_timeout`. pg gives up waiting
 * but leaves the query in flight on the socket: returned to the pool as it is, the client
 * would hold every later query behind an answer that a frozen or cut-off server never sends.
 * Closed, the pool drops it on release and opens a fresh connection for the next request.
 */
export class DiscardingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query has a dozen overloads; this passes every call through unchanged
  override query(...args: any[]): any {
    // biome-ignore lint/suspicious/noExplicitAny: as above
    const result = (super.query as (...args: any[]) => any)(...args);
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        if (error instanceof Error && error.message === readTimeoutMessage) this.end().catch(() => undefined);
      });
    }
    return result;
  }
}
