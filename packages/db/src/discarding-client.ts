import pg from 'pg';
import { preparedName } from './statement-names.ts';

// what pg rejects a query with once `query_timeout` passes without an answer
export const readTimeoutMessage = 'Query read timeout';

/**
 * A pg client that closes itself when a query outlives `query_timeout`. pg gives up waiting
 * but leaves the query in flight on the socket: returned to the pool as it is, the client
 * would hold every later query behind an answer that a frozen or cut-off server never sends.
 * Closed, the pool drops it on release and opens a fresh connection for the next request.
 * It also answers a query of several statements with the last one's result, which is the one
 * kysely can read, and sends a prepared read by its name.
 */
export class DiscardingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query has a dozen overloads; this passes every call through, naming prepared reads
  override query(...args: any[]): any {
    // a prepared read in a transaction (readPrepared) comes through kysely, which passes the text
    // and values alone; MikroORM's own statements carry no values (it writes them into the SQL)
    const [text, values] = args;
    const name =
      typeof text === 'string' && Array.isArray(values) && values.length > 0 ? preparedName(text) : undefined;
    const call = name ? [{ name, text, values }, ...args.slice(2)] : args;
    // biome-ignore lint/suspicious/noExplicitAny: as above
    const result = (super.query as (...args: any[]) => any)(...call);
    if (!(result instanceof Promise)) return result;
    result.catch((error: unknown) => {
      if (error instanceof Error && error.message === readTimeoutMessage) this.end().catch(() => undefined);
    });
    // a simple query of several statements (a BEGIN or COMMIT sent with a statement, see
    // releasing-driver.ts) answers with a result per statement; the ORM above reads one
    return result.then((answer: unknown) => (Array.isArray(answer) ? answer.at(-1) : answer));
  }
}
