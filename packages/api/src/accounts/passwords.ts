import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { type Environment, readEnvironment } from '@holdfast/db';
import { appError } from '../errors.ts';
import { KeyedLimiter } from '../keyed-limiter.ts';

/** scrypt's cost: N = 2^logN. Memory per hash is about 128 × N × r bytes. */
export interface ScryptCost {
  logN: number;
  r: number;
  p: number;
}

/**
 * 2^16 × 8 × 128 bytes = 64 MiB and a couple of hundred milliseconds per hash: memory-hard, so
 * guessing on GPUs is expensive, while libuv's four threads bound what a login burst can take.
 */
export const defaultScryptCost: ScryptCost = { logN: 16, r: 8, p: 1 };

const keyLength = 32;
const saltLength = 16;
// PHC string format, so every hash carries the parameters it was made with and a cost can rise later
const phcScrypt = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** How many hashes one process computes at once, and how many may wait for their turn. */
export interface HashingLimits {
  concurrency: number;
  queue: number;
}

/** The limits from the checked environment (PASSWORD_HASH_CONCURRENCY, PASSWORD_HASH_QUEUE). */
export function hashingLimits(environment: Environment): HashingLimits {
  return { concurrency: environment.PASSWORD_HASH_CONCURRENCY, queue: environment.PASSWORD_HASH_QUEUE };
}

// a hash takes a fraction of a second; a queue where none has finished for this long is a stuck machine
const hashStallMs = 10_000;
// every hash waits in the one queue, the limiter's only key
const hashingKey = 0;
let hashSlots: KeyedLimiter | undefined;

/**
 * Each hash holds 128 × N × r bytes for its whole run (64 MiB at the default cost), and Node
 * runs up to four at once on libuv's threads: a burst of sign-ins, real or made up, would take
 * 256 MiB of a process at a time. Bounded here, per process, as memory is: with one process per
 * core, one hash at a time in each still keeps every core busy. A sign-in that finds the queue
 * full is answered at once (PASSWORDS_BUSY), its password unchecked.
 */
export function limitPasswordHashing(limits: HashingLimits): KeyedLimiter {
  hashSlots = new KeyedLimiter(limits.concurrency, hashStallMs, limits.queue);
  return hashSlots;
}

const slots = () => hashSlots ?? limitPasswordHashing(hashingLimits(readEnvironment({})));

/** Hashes running and waiting in this process: for tests and metrics. */
export function passwordHashingLoad(): { active: number; waiting: number } {
  return slots().load(hashingKey);
}

const passwordsBusy = () =>
  appError('SERVICE_UNAVAILABLE', 'Too many sign-ins at once; try again in a second', {
    reason: 'PASSWORDS_BUSY',
    retryAfterSeconds: 1,
  });

/**
 * Throws PASSWORDS_BUSY when a hash asked for now would be: a sign-in checks it first, so a
 * burst the process cannot hash is turned away before it costs the database anything. The
 * queue can still fill before that sign-in's own hash asks; the hash is refused then.
 */
export function refuseWhileHashesFull(): void {
  if (slots().full(hashingKey)) throw passwordsBusy();
}

async function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const release = await slots().acquire([hashingKey]);
  if (!release) throw passwordsBusy();
  try {
    return await scryptKey(password, salt, cost);
  } finally {
    release(true);
  }
}

function scryptKey(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.logN;
  return new Promise((resolve, reject) => {
    // the same password typed on two keyboards can reach us composed differently
    scrypt(
      password.normalize('NFKC'),
      salt,
      keyLength,
      { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

const unpadded = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

export async function hashPassword(password: string, cost: ScryptCost = defaultScryptCost): Promise<string> {
  const salt = randomBytes(saltLength);
  const key = await derive(password, salt, cost);
  return `$scrypt$ln=${cost.logN},r=${cost.r},p=${cost.p}$${unpadded(salt)}$${unpadded(key)}`;
}

interface ParsedHash {
  cost: ScryptCost;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | undefined {
  const match = phcScrypt.exec(stored);
  if (!match) return undefined;
  const [, logN, r, p, salt = '', key = ''] = match;
  const cost = { logN: Number(logN), r: Number(r), p: Number(p) };
  // a damaged row must not make a login allocate gigabytes
  if (cost.logN < 1 || cost.logN > 20 || cost.r < 1 || cost.r > 32 || cost.p < 1 || cost.p > 16)
    return undefined;
  return { cost, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

/** Compares in constant time; a hash it cannot read never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || parsed.key.length !== keyLength) return false;
  const key = await derive(password, parsed.salt, parsed.cost);
  return timingSafeEqual(key, parsed.key);
}

/** True when a hash was made with a lower cost than the current one: it is redone at the next login. */
export function needsRehash(stored: string, cost: ScryptCost): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.cost.logN < cost.logN || parsed.cost.r < cost.r || parsed.cost.p < cost.p;
}

const decoys = new Map<string, Promise<string>>();

/**
 * A hash of no one's password at this cost: a login for an unknown email verifies against it,
 * so the answer takes as long as for a known one and the timing does not reveal who has an account.
 */
export function decoyHash(cost: ScryptCost): Promise<string> {
  const key = `${cost.logN},${cost.r},${cost.p}`;
  let decoy = decoys.get(key);
  if (!decoy) {
    decoy = hashPassword(randomBytes(16).toString('hex'), cost);
    decoys.set(key, decoy);
    // one made while the hashes were busy is made again by the next login that needs it
    decoy.catch(() => decoys.delete(key));
  }
  return decoy;
}
