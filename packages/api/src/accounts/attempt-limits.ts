import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
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

function limiter(name: string, limit: RateLimit): RateLimiterMemory {
  return new RateLimiterMemory({ keyPrefix: name, points: limit.points, duration: limit.durationSeconds });
}

/**
 * Counters of login and registration attempts, in this process's memory: with several server
 * processes each counts on its own, so the effective limit is the limit times the processes.
 */
export class AttemptLimiter {
  readonly #loginFailuresPerEmail: RateLimiterMemory;
  readonly #loginAttemptsPerIp: RateLimiterMemory;
  readonly #registrationsPerEmail: RateLimiterMemory;
  readonly #registrationsPerIp: RateLimiterMemory;

  constructor(limits: AttemptLimits) {
    this.#loginFailuresPerEmail = limiter('login-email', limits.loginFailuresPerEmail);
    this.#loginAttemptsPerIp = limiter('login-ip', limits.loginAttemptsPerIp);
    this.#registrationsPerEmail = limiter('register-email', limits.registrationsPerEmail);
    this.#registrationsPerIp = limiter('register-ip', limits.registrationsPerIp);
  }

  /**
   * Takes a failure point for the email before the password is checked, so a burst of
   * concurrent guesses cannot all pass the check before any of them has failed; a login that
   * succeeds gives it back with `loginSucceeded`.
   */
  async admitLogin(email: string, clientIp: string | undefined): Promise<void> {
    await spend(this.#loginAttemptsPerIp, addressKey(clientIp));
    await spend(this.#loginFailuresPerEmail, email);
  }

  async loginSucceeded(email: string): Promise<void> {
    await this.#loginFailuresPerEmail.delete(email);
  }

  async admitRegistration(email: string, clientIp: string | undefined): Promise<void> {
    await spend(this.#registrationsPerIp, addressKey(clientIp));
    await spend(this.#registrationsPerEmail, email);
  }
}

async function spend(limiter: RateLimiterMemory, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    const retryAfterSeconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
    throw appError('TOO_MANY_REQUESTS', `Too many attempts; try again in ${retryAfterSeconds} s`, {
      reason: 'RATE_LIMITED',
      retryAfterSeconds,
    });
  }
}
