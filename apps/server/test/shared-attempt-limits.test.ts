import {
  type AccountSettings,
  configureAccounts,
  configurePayments,
  TestPaymentProvider,
} from '@holdfast/api';
import { Database } from '@holdfast/db';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createLogger } from '../src/logger.ts';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
let secondDb: Database;
let second: FastifyInstance;
let urls: [string, string];

/** Both servers count with the same (short) limits, as processes started with the same settings would. */
function limitsFor(db: Database, loginFailuresPerEmail: { points: number; durationSeconds: number }) {
  const settings: Partial<AccountSettings> = {
    passwordCost: { logN: 10, r: 8, p: 1 },
    attemptLimits: {
      loginFailuresPerEmail,
      loginAttemptsPerIp: { points: 10_000, durationSeconds: 60 },
      registrationsPerEmail: { points: 5, durationSeconds: 60 },
      registrationsPerIp: { points: 10_000, durationSeconds: 60 },
    },
  };
  configureAccounts(db, settings);
}

beforeAll(async () => {
  server = await startTestServer();
  // a second server process in all but the process: its own pools, on the same database
  secondDb = await Database.connect({
    primaryUrl: server.t.primaryUrl,
    replicaUrls: [server.t.replicaUrl],
    poolSize: 5,
  });
  configurePayments(secondDb, { provider: new TestPaymentProvider() });
  second = await buildApp({ db: secondDb, logger: createLogger('silent') });
  urls = [server.url, await second.listen({ port: 0, host: '127.0.0.1' })];
});
afterAll(async () => {
  await second.close();
  await secondDb.close();
  await server.close();
});

async function login(url: string, email: string): Promise<number> {
  const response = await fetch(`${url}/trpc/account.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ json: { email, password: 'a wrong guess' } }),
  });
  await response.body?.cancel();
  return response.status;
}

describe('login limits live in PostgreSQL, shared by every server', () => {
  it('5 wrong guesses for one email spread over two servers spend one budget: the 6th is refused by both', async () => {
    for (const db of [server.t.db, secondDb]) limitsFor(db, { points: 5, durationSeconds: 60 });
    const email = 'shared-budget@example.com';
    const statuses = [];
    for (let attempt = 0; attempt < 5; attempt++)
      statuses.push(await login(urls[attempt % 2] as string, email));
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(await login(urls[0], email)).toBe(429);
    expect(await login(urls[1], email)).toBe(429);
  });

  it('a sliding window: guessing without pause on both servers for 2.5 periods, no period holds more than its 5 guesses', async () => {
    const periodMs = 2_000;
    for (const db of [server.t.db, secondDb]) limitsFor(db, { points: 5, durationSeconds: periodMs / 1000 });
    const email = 'no-reset@example.com';
    const admitted: number[] = [];
    const started = Date.now();
    let attempt = 0;
    while (Date.now() - started < periodMs * 2.5) {
      const sentAt = Date.now();
      if ((await login(urls[attempt++ % 2] as string, email)) === 401) admitted.push(sentAt);
    }
    // a fixed window would admit 5 just before its reset and 5 just after; the margin covers request latency
    const marginMs = 300;
    for (const first of admitted) {
      const inWindow = admitted.filter((at) => at >= first && at < first + periodMs - marginMs);
      expect(inWindow.length).toBeLessThanOrEqual(5);
    }
    // and the budget does come back as guesses leave the window
    expect(admitted.length).toBeGreaterThan(5);
  });

  it('rows that every window has left behind are pruned, whoever they belonged to', async () => {
    await server.t.sql(
      'primary',
      `insert into limited_attempt (key, at) values ($1, now() - interval '2 hours')`,
      ['login-email:long-gone@example.com'],
    );
    // a new limiter prunes at its first admitted attempt
    limitsFor(server.t.db, { points: 5, durationSeconds: 60 });
    expect(await login(urls[0], 'someone-else@example.com')).toBe(401);
    const left = await server.t.sql('primary', 'select 1 from limited_attempt where key = $1', [
      'login-email:long-gone@example.com',
    ]);
    expect(left).toEqual([]);
  });
});
