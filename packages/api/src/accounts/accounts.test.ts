import { createHash } from 'node:crypto';
import { readEnvironment } from '@holdfast/db';
import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  recordingCookie,
  signedInAccount,
  testAccounts,
  testPasswordCost,
  uniqueEmail,
} from '../../test/account-support.ts';
import { detailsOf, newCaller, refusal, waitForLockWaiters } from '../../test/support.ts';
import { addressKey } from './attempt-limits.ts';
import {
  defaultScryptCost,
  hashingLimits,
  hashPassword,
  limitPasswordHashing,
  needsRehash,
  passwordHashingLoad,
  verifyPassword,
} from './passwords.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  testAccounts(t, { sessionTtlMs: 2 * 3_600_000 });
});
afterAll(() => t.drop());

/** How far the attempt ids have gone: an attempt recorded, even if deleted since, moves it. */
async function attemptIdsTaken(): Promise<string> {
  const [row] = await t.sql<{ last_value: string }>(
    'primary',
    'select last_value from limited_attempt_id_seq',
  );
  return row?.last_value ?? '';
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function sessionRows(customerId: number) {
  return t.sql<{ token_hash: string; expires_at: Date; revoked_at: Date | null }>(
    'primary',
    'select token_hash, expires_at, revoked_at from session where customer_id = $1 order by id',
    [customerId],
  );
}

describe('account.register and account.login', () => {
  it('register lower-cases the email, stores a memory-hard scrypt hash and opens a session stored only as a hash', async () => {
    const { cookie, changes } = recordingCookie();
    const { api } = newCaller(t, { sessionCookie: cookie, clientIp: '10.1.0.1' });
    const email = uniqueEmail('New.Buyer');
    const before = Date.now();
    const signedIn = await api.account.register({
      email: email.toUpperCase(),
      password: 'a long secret phrase',
    });

    expect(signedIn.customer).toEqual({
      id: expect.any(Number),
      email: email.toLowerCase(),
      role: 'customer',
    });
    expect(signedIn.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signedIn.expiresAt.getTime() - before).toBeGreaterThanOrEqual(2 * 3_600_000 - 1000);
    expect(signedIn.expiresAt.getTime() - before).toBeLessThanOrEqual(2 * 3_600_000 + 5000);
    expect(changes).toEqual([{ set: signedIn.token, expiresAt: signedIn.expiresAt }]);

    const [customer] = await t.sql<{ email: string; password_hash: string; role: string }>(
      'primary',
      'select email, password_hash, role from customer where id = $1',
      [signedIn.customer.id],
    );
    expect(customer?.email).toBe(email.toLowerCase());
    expect(customer?.password_hash).toMatch(
      /^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    );
    expect(customer?.password_hash).not.toContain('a long secret phrase');
    const sessions = await sessionRows(signedIn.customer.id);
    expect(sessions.map((row) => row.token_hash)).toEqual([sha256(signedIn.token)]);
    const [stored] = await t.sql<{ hits: number }>(
      'primary',
      'select count(*)::int as hits from session where token_hash = $1',
      [signedIn.token],
    );
    expect(stored?.hits).toBe(0);

    const me = await newCaller(t, { sessionToken: signedIn.token }).api.account.me();
    expect(me).toEqual(signedIn.customer);
  });

  it('the same email again, in any case, gets a neutral BAD_REQUEST that does not say it is taken; a short password a BAD_REQUEST; neither writes', async () => {
    const account = await signedInAccount(t, 'taken');
    const { api } = newCaller(t, { clientIp: '10.1.0.2' });
    const again = await refusal(
      api.account.register({ email: account.email.toUpperCase(), password: 'another one!' }),
    );
    expect(again.code).toBe('BAD_REQUEST');
    expect(detailsOf(again)).toEqual({ reason: 'REGISTRATION_REFUSED' });
    expect(again.message).not.toMatch(/exists|taken/i);
    expect(again.message).not.toContain(account.email);
    const short = await refusal(api.account.register({ email: uniqueEmail('short'), password: 'short' }));
    expect(short.code).toBe('BAD_REQUEST');
    const [count] = await t.sql<{ n: number }>(
      'primary',
      'select count(*)::int as n from customer where email = $1',
      [account.email],
    );
    expect(count?.n).toBe(1);
  });

  it('an unknown email and a wrong password get the same UNAUTHORIZED; the right one a new session', async () => {
    const account = await signedInAccount(t, 'login');
    const { api } = newCaller(t, { clientIp: '10.1.0.3' });
    const wrongPassword = await refusal(
      api.account.login({ email: account.email, password: 'not it at all' }),
    );
    const unknownEmail = await refusal(
      api.account.login({ email: uniqueEmail('nobody'), password: account.password }),
    );
    expect([wrongPassword.code, unknownEmail.code]).toEqual(['UNAUTHORIZED', 'UNAUTHORIZED']);
    expect(wrongPassword.message).toBe(unknownEmail.message);

    const signedIn = await api.account.login({
      email: account.email.toUpperCase(),
      password: account.password,
    });
    expect(signedIn.customer.id).toBe(account.customerId);
    expect(signedIn.token).not.toBe(account.token);
    expect(await newCaller(t, { sessionToken: signedIn.token }).api.account.me()).toMatchObject({
      email: account.email,
    });
  });

  it('signing in replaces the session the request came with', async () => {
    const account = await signedInAccount(t, 'replace');
    const { api } = account.as({ clientIp: '10.1.0.4' });
    const signedIn = await api.account.login({ email: account.email, password: account.password });
    expect((await refusal(account.as().api.account.me())).code).toBe('UNAUTHORIZED');
    expect(await newCaller(t, { sessionToken: signedIn.token }).api.account.me()).toMatchObject({
      id: account.customerId,
    });
  });

  it('a hash made at a lower cost is redone at the next login', async () => {
    const email = uniqueEmail('rehash');
    const weak = await hashPassword('an old password', { logN: 4, r: 8, p: 1 });
    await t.sql(
      'primary',
      `insert into customer (email, password_hash, role, created_at) values ($1, $2, 'customer', now())`,
      [email, weak],
    );
    await newCaller(t, { clientIp: '10.1.0.5' }).api.account.login({ email, password: 'an old password' });
    const [row] = await t.sql<{ password_hash: string }>(
      'primary',
      'select password_hash from customer where email = $1',
      [email],
    );
    expect(row?.password_hash).toMatch(/^\$scrypt\$ln=10,/);
    expect(await verifyPassword('an old password', row?.password_hash ?? '')).toBe(true);
  });
});

describe('sessions', () => {
  it('logout revokes the session for good and asks the transport to clear the cookie', async () => {
    const account = await signedInAccount(t, 'logout');
    const { cookie, changes } = recordingCookie();
    await account.as({ sessionCookie: cookie }).api.account.logout();
    expect(changes).toEqual(['clear']);
    const [session] = await sessionRows(account.customerId);
    expect(session?.revoked_at).toBeInstanceOf(Date);
    const refused = await refusal(account.as().api.account.me());
    expect(refused.code).toBe('UNAUTHORIZED');
    // a second logout, or one with no session at all, is not an error
    await account.as().api.account.logout();
    await newCaller(t).api.account.logout();
  });

  it('an expired session is refused', async () => {
    const account = await signedInAccount(t, 'expired');
    expect(await account.as().api.account.me()).toMatchObject({ id: account.customerId });
    await t.sql(
      'primary',
      `update session set expires_at = now() - interval '1 second' where token_hash = $1`,
      [sha256(account.token)],
    );
    expect((await refusal(account.as().api.account.me())).code).toBe('UNAUTHORIZED');
  });

  it('a tampered, truncated or made-up token is refused, and so is the stored hash presented as a token', async () => {
    const account = await signedInAccount(t, 'tamper');
    const last = account.token.at(-1) === 'A' ? 'B' : 'A';
    const forgeries = [
      `${account.token.slice(0, -1)}${last}`,
      account.token.slice(0, -1),
      `${account.token}x`,
      sha256(account.token),
      'x'.repeat(43),
      '',
      `${account.token}'; drop table session; --`,
    ];
    for (const sessionToken of forgeries) {
      const refused = await refusal(newCaller(t, { sessionToken }).api.account.me());
      expect(refused.code).toBe('UNAUTHORIZED');
    }
    expect(await account.as().api.account.me()).toMatchObject({ id: account.customerId });
  });
});

describe('attempt limits', () => {
  it('the 11th wrong password in a minute for one email is TOO_MANY_REQUESTS, even when the 11th is right', async () => {
    const account = await signedInAccount(t, 'brute');
    for (let attempt = 1; attempt <= 10; attempt++) {
      const { api } = newCaller(t, { clientIp: `10.2.0.${attempt}` });
      const wrong = await refusal(
        api.account.login({ email: account.email, password: `guess number ${attempt}` }),
      );
      expect(wrong.code).toBe('UNAUTHORIZED');
    }
    const eleventh = await refusal(
      newCaller(t, { clientIp: '10.2.0.11' }).api.account.login({
        email: account.email,
        password: account.password,
      }),
    );
    expect(eleventh.code).toBe('TOO_MANY_REQUESTS');
    expect(detailsOf(eleventh)).toEqual({ reason: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    const details = detailsOf(eleventh);
    if (details?.reason === 'RATE_LIMITED') expect(details.retryAfterSeconds).toBeLessThanOrEqual(60);
    // the live session is untouched, and another account is not held back
    expect(await account.as().api.account.me()).toMatchObject({ id: account.customerId });
    const other = await signedInAccount(t, 'bystander');
    await newCaller(t, { clientIp: '10.2.0.12' }).api.account.login({
      email: other.email,
      password: other.password,
    });
  });

  it('30 wrong passwords at once for one email: at most 10 are even checked', async () => {
    const account = await signedInAccount(t, 'burst');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, index) =>
        newCaller(t, { clientIp: `10.3.0.${index}` }).api.account.login({
          email: account.email,
          password: `burst guess ${index}`,
        }),
      ),
    );
    const codes = outcomes.map((outcome) => (outcome.status === 'rejected' ? outcome.reason.code : 'OK'));
    expect(codes.filter((code) => code === 'UNAUTHORIZED')).toHaveLength(10);
    expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(20);
  });

  it('a successful login clears the email’s failures', async () => {
    const account = await signedInAccount(t, 'forgetful');
    const { api } = newCaller(t, { clientIp: '10.4.0.1' });
    for (let attempt = 0; attempt < 9; attempt++) {
      await refusal(api.account.login({ email: account.email, password: 'misremembered' }));
    }
    await api.account.login({ email: account.email, password: account.password });
    for (let attempt = 0; attempt < 10; attempt++) {
      expect(
        (await refusal(api.account.login({ email: account.email, password: 'misremembered' }))).code,
      ).toBe('UNAUTHORIZED');
    }
  });

  it('one address gets 100 logins a minute whatever the emails, then TOO_MANY_REQUESTS; others are not held back', async () => {
    const account = await signedInAccount(t, 'shared-ip');
    const { api } = newCaller(t, { clientIp: '10.5.0.1' });
    for (let attempt = 0; attempt < 100; attempt++) {
      const refused = await refusal(
        api.account.login({ email: uniqueEmail('spray'), password: 'spray and pray' }),
      );
      expect(refused.code).toBe('UNAUTHORIZED');
    }
    const limited = await refusal(api.account.login({ email: account.email, password: account.password }));
    expect(limited.code).toBe('TOO_MANY_REQUESTS');
    await newCaller(t, { clientIp: '10.5.0.2' }).api.account.login({
      email: account.email,
      password: account.password,
    });
  });

  it('registrations are limited per address too', async () => {
    const { api } = newCaller(t, { clientIp: '10.6.0.1' });
    for (let attempt = 0; attempt < 20; attempt++) {
      await api.account.register({ email: uniqueEmail('signup'), password: 'sign me up please' });
    }
    const limited = await refusal(
      api.account.register({ email: uniqueEmail('signup'), password: 'sign me up please' }),
    );
    expect(limited.code).toBe('TOO_MANY_REQUESTS');
  });
});

describe('the address a limit counts', () => {
  it('is the IPv4 address, or the /64 of an IPv6 one, however it is written', () => {
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('2001:db8:0:1::5')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:0DB8:0000:0001:ffff:0:0:9')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey(undefined)).toBe('unknown');
  });

  it('so hopping between addresses of one IPv6 /64 does not escape the registration limit', async () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      await newCaller(t, { clientIp: `2001:db8:77:1::${attempt.toString(16)}` }).api.account.register({
        email: uniqueEmail('hopper'),
        password: 'hop hop hop hop',
      });
    }
    const limited = await refusal(
      newCaller(t, { clientIp: '2001:db8:77:1:ffff::1' }).api.account.register({
        email: uniqueEmail('hopper'),
        password: 'hop hop hop hop',
      }),
    );
    expect(limited.code).toBe('TOO_MANY_REQUESTS');
  });
});

describe('password hashing', () => {
  it('defaults to scrypt with N = 2^16, r = 8, p = 1, and verifies in constant time against the stored parameters', async () => {
    expect(defaultScryptCost).toEqual({ logN: 16, r: 8, p: 1 });
    const hash = await hashPassword('memory hard');
    expect(hash).toMatch(/^\$scrypt\$ln=16,r=8,p=1\$/);
    expect(await verifyPassword('memory hard', hash)).toBe(true);
    expect(await verifyPassword('memory hard ', hash)).toBe(false);
    expect(needsRehash(hash, defaultScryptCost)).toBe(false);
    expect(needsRehash(await hashPassword('cheap', testPasswordCost), defaultScryptCost)).toBe(true);
    expect(await verifyPassword('anything', 'not a hash')).toBe(false);
    // a damaged row must not make a login allocate gigabytes
    expect(await verifyPassword('anything', hash.replace('ln=16', 'ln=30'))).toBe(false);
  });

  it('two hashes of one password differ (random salt)', async () => {
    const [first, second] = await Promise.all([
      hashPassword('same', testPasswordCost),
      hashPassword('same', testPasswordCost),
    ]);
    expect(first).not.toBe(second);
  });

  describe('one process computes PASSWORD_HASH_CONCURRENCY hashes at once and keeps PASSWORD_HASH_QUEUE waiting', () => {
    // 16 MiB and some tens of milliseconds a hash
    const slowCost = { logN: 14, r: 8, p: 1 };
    afterAll(() => limitPasswordHashing(hashingLimits(readEnvironment({}))));

    it('runs one, queues one and refuses the third at once with SERVICE_UNAVAILABLE (PASSWORDS_BUSY)', async () => {
      limitPasswordHashing({ concurrency: 1, queue: 1 });
      const started = [1, 2, 3].map((index) => hashPassword(`password ${index}`, slowCost));
      expect(passwordHashingLoad()).toEqual({ active: 1, waiting: 1 });
      const outcomes = await Promise.allSettled(started);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
      const [first, second, third] = outcomes;
      expect(third?.status === 'rejected' && third.reason.code).toBe('SERVICE_UNAVAILABLE');
      expect(detailsOf(third?.status === 'rejected' ? third.reason : undefined)).toEqual({
        reason: 'PASSWORDS_BUSY',
        retryAfterSeconds: 1,
      });
      expect(passwordHashingLoad()).toEqual({ active: 0, waiting: 0 });
      const hashes = [first, second].map((outcome) => (outcome?.status === 'fulfilled' ? outcome.value : ''));
      expect(await verifyPassword('password 1', hashes[0] ?? '')).toBe(true);
      expect(await verifyPassword('password 2', hashes[1] ?? '')).toBe(true);
    });

    it('a sign-in or sign-up refused while the hashes are busy changes nothing, not even the attempt counts, and records no attempt to begin with: once they free up, the same login goes through, and an unknown email is checked again', async () => {
      limitPasswordHashing({ concurrency: 1, queue: 0 });
      testAccounts(t, { sessionTtlMs: 2 * 3_600_000, passwordCost: slowCost });
      try {
        const account = await signedInAccount(t, 'busy');
        const caller = (index: number) => newCaller(t, { clientIp: `10.12.0.${index}` }).api;
        // the slot stays taken until both logins have been answered: each hash takes it back in
        // the same tick its last one gave it up
        let holding = true;
        const holder = (async () => {
          while (holding) await hashPassword('holding the slot', slowCost);
        })();
        expect(passwordHashingLoad()).toEqual({ active: 1, waiting: 0 });
        const sessionsBefore = await sessionRows(account.customerId);
        const attemptIdsBefore = await attemptIdsTaken();
        const nobody = uniqueEmail('nobody');
        const newcomer = uniqueEmail('newcomer');
        // more than the email's ten failures: had they counted, the right password would now wait
        const known = [];
        for (let attempt = 0; attempt < 12; attempt++) {
          known.push(
            await refusal(caller(1).account.login({ email: account.email, password: account.password })),
          );
        }
        // an unknown email verifies against a decoy made at its first need: refused here, it
        // must not stay behind as a failure for every later login
        const unknown = await refusal(caller(2).account.login({ email: nobody, password: 'whatever it is' }));
        const signUp = await refusal(
          caller(3).account.register({ email: newcomer, password: 'a long enough password' }),
        );
        const counted = await t.sql<{ key: string }>(
          'primary',
          'select key from limited_attempt where key = any($1)',
          [
            [
              `login-email:${account.email}`,
              `login-email:${nobody}`,
              `register-email:${newcomer}`,
              ...[1, 2, 3].flatMap((index) => [`login-ip:10.12.0.${index}`, `register-ip:10.12.0.${index}`]),
            ],
          ],
        );
        const attemptIdsAfter = await attemptIdsTaken();
        holding = false;
        await holder;
        // turned away before the database was asked: not recorded and given back, never recorded
        expect(attemptIdsAfter).toBe(attemptIdsBefore);
        for (const refused of [...known, unknown, signUp]) {
          expect(refused.code).toBe('SERVICE_UNAVAILABLE');
          expect(detailsOf(refused)).toEqual({ reason: 'PASSWORDS_BUSY', retryAfterSeconds: 1 });
        }
        expect(counted).toEqual([]);
        expect(await sessionRows(account.customerId)).toEqual(sessionsBefore);
        expect(await t.sql('primary', 'select id from customer where email = $1', [newcomer])).toEqual([]);

        const again = await refusal(caller(2).account.login({ email: nobody, password: 'whatever it is' }));
        expect(again.code).toBe('UNAUTHORIZED');
        const signedIn = await caller(1).account.login({ email: account.email, password: account.password });
        expect(signedIn.customer.id).toBe(account.customerId);
      } finally {
        testAccounts(t, { sessionTtlMs: 2 * 3_600_000 });
      }
    });

    it('a sign-in that found room but whose turn came after the queue filled is refused, and gives back the attempts it had recorded', async () => {
      limitPasswordHashing({ concurrency: 1, queue: 0 });
      const account = await signedInAccount(t, 'busy-late');
      const clientIp = '10.12.2.1';
      const emailKey = `login-email:${account.email}`;
      // the login waits, admitted by the room check, for the lock its email's count takes
      const blocker = new pg.Client({ connectionString: t.primaryUrl });
      await blocker.connect();
      try {
        await blocker.query('select pg_advisory_lock(hashtextextended($1, 0))', [emailKey]);
        const signingIn = refusal(
          newCaller(t, { clientIp }).api.account.login({ email: account.email, password: account.password }),
        );
        await waitForLockWaiters(t);
        let holding = true;
        const holder = (async () => {
          while (holding) await hashPassword('holding the slot', slowCost);
        })();
        await blocker.query('select pg_advisory_unlock(hashtextextended($1, 0))', [emailKey]);
        const refused = await signingIn;
        holding = false;
        await holder;
        expect(detailsOf(refused)).toEqual({ reason: 'PASSWORDS_BUSY', retryAfterSeconds: 1 });
        expect(
          await t.sql('primary', 'select key from limited_attempt where key = any($1)', [
            [emailKey, `login-ip:${clientIp}`],
          ]),
        ).toEqual([]);
      } finally {
        await blocker.end();
      }
    });

    it('a login whose hash is due for a higher cost signs in when no hash is free for the upgrade, and is upgraded at a later one', async () => {
      limitPasswordHashing({ concurrency: 2, queue: 0 });
      const email = uniqueEmail('rehash-busy');
      const weak = await hashPassword('an old password', { logN: 4, r: 8, p: 1 });
      await t.sql(
        'primary',
        `insert into customer (email, password_hash, role, created_at) values ($1, $2, 'customer', now())`,
        [email, weak],
      );
      const storedHash = async () =>
        (
          await t.sql<{ password_hash: string }>(
            'primary',
            'select password_hash from customer where email = $1',
            [email],
          )
        )[0]?.password_hash;
      const login = () =>
        newCaller(t, { clientIp: '10.12.1.1' }).api.account.login({ email, password: 'an old password' });

      const signingIn = login();
      // once its password check holds a slot, two holders take the other and the one it frees:
      // the upgrade that follows finds both taken
      while (passwordHashingLoad().active === 0) await new Promise(setImmediate);
      let holding = true;
      const holdASlot = async () => {
        while (holding) {
          await hashPassword('holding a slot', slowCost).catch(() => new Promise(setImmediate));
        }
      };
      const holders = [holdASlot(), holdASlot()];
      try {
        const signedIn = await signingIn;
        expect(signedIn.customer.email).toBe(email);
      } finally {
        holding = false;
        await Promise.all(holders);
      }
      expect(await storedHash()).toBe(weak);

      await login();
      expect(await storedHash()).toMatch(/^\$scrypt\$ln=10,/);
    });
  });
});
