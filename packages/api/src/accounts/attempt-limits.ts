import type { Database } from '@holdfast/db';
import { primaryTransaction } from '@holdfast/db';
import { appError } from '../errors.ts';

export interface RateLimit {
  points: number;
  durationSeconds: number;
}

export interface AttemptLimits {
  /** Wrong passwords for one email; once spent, even the right password waits for the window to pass. */
  loginFailuresPerEmail: RateLimit;
  /** Every login from one address, right or wrong: looser, for offices behind one NAT, but it caps guessing across many emails. */
  loginAttemptsPerIp: RateLimit;
  registrationsPerEmail: RateLimit;
  registrationsPerIp: RateLimit;
}

/** The rows an admitted attempt added, by id. */
export type RecordedAttempts = readonly string[];

export const defaultAttemptLimits: AttemptLimits = {
  loginFailuresPerEmail: { points: 10, durationSeconds: 60 },
  loginAttemptsPerIp: { points: 100, durationSeconds: 60 },
  registrationsPerEmail: { points: 5, durationSeconds: 60 },
  registrationsPerIp: { points: 20, durationSeconds: 60 },
};

/**
 * The bucket an address counts in. An IPv6 host is usually handed a whole /64, so counting per
 * address would let it take a fresh one for every guess: it counts per /64 instead. In-process
 * callers (tests, the CLI) have no address and share one bucket.
 */
export function addressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const address = ip.replace(/%.*$/, '').toLowerCase();
  const mappedV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mappedV4?.[1]) return mappedV4[1];
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = Array.from({ length: Math.max(0, 8 - headGroups.length - tailGroups.length) }, () => '0');
  const groups = tail === undefined ? headGroups : [...headGroups, ...zeros, ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * Counters of login and registration attempts in PostgreSQL, so every server on the database
 * spends from the same budget. Each limit is a sliding window: an attempt is admitted while
 * fewer than `points` attempts of its key lie within the last `durationSeconds`.
 */
export class AttemptLimiter {
  readonly #db: Database;
  readonly #limits: AttemptLimits;
  #prunedAt = 0;

  constructor(db: Database, limits: AttemptLimits) {
    this.#db = db;
    this.#limits = limits;
  }

  /**
   * Takes a failure point for the email before the password is checked, so a burst of
   * concurrent guesses cannot all pass the check before any of them has failed; a login that
   * succeeds gives the email's points back with `loginSucceeded`.
   */
  admitLogin(email: string, clientIp: string | undefined): Promise<RecordedAttempts> {
    const { loginAttemptsPerIp, loginFailuresPerEmail } = this.#limits;
    return this.#admit('login', email, clientIp, loginAttemptsPerIp, loginFailuresPerEmail);
  }

  async loginSucceeded(email: string): Promise<void> {
    await this.#db
      .primaryEm()
      .getConnection('write')
      .execute('delete from limited_attempt where key = ?', [`login-email:${email}`]);
  }

  admitRegistration(email: string, clientIp: string | undefined): Promise<RecordedAttempts> {
    const { registrationsPerIp, registrationsPerEmail } = this.#limits;
    return this.#admit('register', email, clientIp, registrationsPerIp, registrationsPerEmail);
  }

  /** Takes back attempts that were turned away before any password was checked: they count against no one. */
  async giveBack(attempts: RecordedAttempts): Promise<void> {
    await this.#db
      .primaryEm()
      .getConnection('write')
      .execute('delete from limited_attempt where id in (?)', [attempts]);
  }

  async #admit(
    action: 'login' | 'register',
    email: string,
    clientIp: string | undefined,
    perIp: RateLimit,
    perEmail: RateLimit,
  ): Promise<RecordedAttempts> {
    return [
      await this.#spend(`${action}-ip:${addressKey(clientIp)}`, perIp),
      await this.#spend(`${action}-email:${email}`, perEmail),
    ];
  }

  async #spend(key: string, { points, durationSeconds }: RateLimit): Promise<string> {
    const outcome = await primaryTransaction(
      this.#db,
      async (tx): Promise<{ id: string } | { waitMs: number }> => {
        // one attempt per key at a time, across servers: counting and recording must not interleave
        await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [key]);
        // the points-th most recent attempt inside the window, if there is one, is what the next must wait out
        const [oldestCounted] = await tx.execute<{ wait_ms: number }[]>(
          `select ceil(extract(epoch from at + make_interval(secs => ?) - now()) * 1000)::int as wait_ms
           from limited_attempt where key = ? and at > now() - make_interval(secs => ?)
          order by at desc offset ? limit 1`,
          [durationSeconds, key, durationSeconds, points - 1],
        );
        if (oldestCounted) return { waitMs: oldestCounted.wait_ms };
        await tx.execute(
          'delete from limited_attempt where key = ? and at <= now() - make_interval(secs => ?)',
          [key, durationSeconds],
        );
        const [{ id }] = await tx.execute<[{ id: string }]>(
          'insert into limited_attempt (key, at) values (?, now()) returning id',
          [key],
        );
        return { id };
      },
    );
    if ('id' in outcome) {
      await this.#pruneForgottenKeys();
      return outcome.id;
    }
    const retryAfterSeconds = Math.max(1, Math.ceil(outcome.waitMs / 1000));
    throw appError('TOO_MANY_REQUESTS', `Too many attempts; try again in ${retryAfterSeconds} s`, {
      reason: 'RATE_LIMITED',
      retryAfterSeconds,
    });
  }

  /**
   * A key nobody tries again (a guessed email, a passing address) would keep its last rows for
   * ever: now and then each process deletes every row that all the windows have left behind.
   */
  async #pruneForgottenKeys(): Promise<void> {
    if (Date.now() - this.#prunedAt < pruneIntervalMs) return;
    this.#prunedAt = Date.now();
    const longestWindowSeconds = Math.max(
      ...Object.values(this.#limits).map((limit) => limit.durationSeconds),
    );
    await this.#db
      .primaryEm()
      .getConnection('write')
      .execute('delete from limited_attempt where at <= now() - make_interval(secs => ?)', [
        longestWindowSeconds,
      ]);
  }
}

const pruneIntervalMs = 10 * 60_000;
