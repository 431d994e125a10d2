import pg from 'pg';
import { preparedName } from './statement-names.ts';

// what a query fails with once its server has been silent past the client's bound
export const readTimeoutMessage = 'Query read timeout';

/** pg's client settings, and how long a server may leave a query it was sent unanswered. */
export interface DiscardingClientConfig extends pg.ClientConfig {
  answerWithinMs?: number;
}

// how often the clients waiting for an answer are looked at: the bound is kept to within this
const silenceCheckEveryMs = 100;

/**
 * A pg client that gives up on a server silent past `answerWithinMs` (a frozen or cut-off one;
 * a live server times a statement out itself): it closes its socket, which fails every query it
 * sent with `readTimeoutMessage`, and the pool drops it on release, opening a fresh connection
 * for the next request. pg's own `query_timeout` would do the same with a timer per query, and
 * those timers, each holding its query and the rows arriving for it, made the young generation
 * promote nearly every result to the old one (3.3 MB per scavenge, against 5 KB without them),
 * which doubled the server's garbage collection per catalog page (docs/benchmarks.md, pass 14).
 * One timer for all clients looks at how long each has been waiting instead.
 *
 * It also answers a query of several statements with the last one's result, which is the one
 * kysely can read, and sends a prepared read by its name.
 */
export class DiscardingClient extends pg.Client {
  static readonly #waiting = new Set<DiscardingClient>();
  static #watchdog: NodeJS.Timeout | undefined;

  static #giveUpOnSilentServers(): void {
    const now = performance.now();
    for (const client of DiscardingClient.#waiting) {
      if (now - client.#waitingSince > client.#answerWithinMs) client.#giveUp();
    }
    if (DiscardingClient.#waiting.size === 0) {
      clearInterval(DiscardingClient.#watchdog);
      DiscardingClient.#watchdog = undefined;
    }
  }

  // unbounded where the pool gave no bound (migrations, seeding, operator checks)
  readonly #answerWithinMs: number;
  #unanswered = 0;
  // since when the server has owed this client an answer: the oldest query's sending, or the last answer
  #waitingSince = 0;

  constructor(config?: DiscardingClientConfig) {
    super(config);
    this.#answerWithinMs = config?.answerWithinMs ?? Number.POSITIVE_INFINITY;
  }

  // biome-ignore lint/suspicious/noExplicitAny: pg's query has a dozen overloads; this passes every call through, naming prepared reads
  override query(...args: any[]): any {
    // a prepared read in a transaction (readPrepared) comes through kysely, which passes the text
    // and values alone; MikroORM's own statements carry no values (it writes them into the SQL)
    const [text, values] = args;
    const name =
      typeof text === 'string' && Array.isArray(values) && values.length > 0 ? preparedName(text) : undefined;
    const call = name ? [{ name, text, values }, ...args.slice(2)] : args;
    // biome-ignore lint/suspicious/noExplicitAny: as above
    const send = () => (super.query as (...args: any[]) => any)(...call);
    // a submittable (a cursor) reports its own end; none is sent here
    if (this.#answerWithinMs === Number.POSITIVE_INFINITY || typeof text?.submit === 'function')
      return lastResult(send());
    const last = call.length - 1;
    const callback = call[last];
    if (typeof callback === 'function') {
      // pg-pool's query hands a callback
      call[last] = (error: unknown, result: unknown) => {
        this.#answered();
        callback(error, result);
      };
    }
    this.#sent();
    let result: unknown;
    try {
      result = send();
    } catch (error) {
      this.#answered();
      throw error;
    }
    if (!(result instanceof Promise)) return result;
    return result.then(
      (answer: unknown) => {
        this.#answered();
        return lastOf(answer);
      },
      (error: unknown) => {
        this.#answered();
        throw error;
      },
    );
  }

  #sent(): void {
    if (this.#unanswered++ > 0) return;
    this.#waitingSince = performance.now();
    DiscardingClient.#waiting.add(this);
    DiscardingClient.#watchdog ??= setInterval(
      DiscardingClient.#giveUpOnSilentServers,
      silenceCheckEveryMs,
    ).unref();
  }

  #answered(): void {
    // after giving up, the queries failing one by one have nothing left to count
    if (this.#unanswered === 0) return;
    this.#unanswered--;
    if (this.#unanswered === 0) DiscardingClient.#waiting.delete(this);
    // the next query's answer is owed from now: the server has just shown it is alive
    else this.#waitingSince = performance.now();
  }

  #giveUp(): void {
    this.#unanswered = 0;
    DiscardingClient.#waiting.delete(this);
    this.connection.stream.destroy(new Error(readTimeoutMessage));
  }
}

/**
 * A simple query of several statements (a BEGIN or COMMIT sent with a statement, see
 * releasing-driver.ts) answers with a result per statement; the ORM above reads one.
 */
function lastOf(answer: unknown): unknown {
  return Array.isArray(answer) ? answer.at(-1) : answer;
}

function lastResult(result: unknown): unknown {
  return result instanceof Promise ? result.then(lastOf) : result;
}
