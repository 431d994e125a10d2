import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const mainScript = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const password = 'pw-that-must-not-print';

/** Runs the real entry point with only the given environment and reports how it ended. */
function startServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [mainScript],
      { env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'warn', ...env }, timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, output: stdout + stderr }),
    );
  });
}

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('the server refuses a wrong configuration with a clear message', () => {
  it.each([
    [
      'a URL that is not postgres',
      { DATABASE_URL: `mysql://app:${password}@127.0.0.1:3306/shop` },
      'DATABASE_URL must be a postgres:// URL',
    ],
    [
      'an unreachable primary',
      { DATABASE_URL: `postgres://app:${password}@127.0.0.1:1/shop` },
      'the primary (DATABASE_URL) is unreachable',
    ],
    [
      'a port that is not a number',
      { DATABASE_URL: `postgres://app:${password}@127.0.0.1:1/shop`, PORT: 'eighty' },
      'PORT must be',
    ],
    [
      'a freshness budget for a procedure that reads from the primary',
      { DATABASE_URL: `postgres://app:${password}@127.0.0.1:1/shop`, FRESHNESS_BUDGETS_MS: 'cart.get=1000' },
      'FRESHNESS_BUDGETS_MS names cart.get; only these read from replicas: catalog.categories, catalog.product, catalog.products',
    ],
  ])('%s', async (_label, env, message) => {
    const { code, output } = await startServer(env);
    expect(code).toBe(1);
    expect(output).toContain(`Configuration error: ${message}`);
    expect(output).not.toContain(password);
  });

  it.each([
    ['production without PAYMENT_PROVIDER', {}, 'PAYMENT_PROVIDER must be set in production'],
    [
      'production with the test provider, not explicitly allowed',
      { PAYMENT_PROVIDER: 'test', ALLOW_TEST_PAYMENTS_IN_PRODUCTION: 'false' },
      'PAYMENT_PROVIDER=test in production marks orders paid while no money moves',
    ],
    ['an unknown provider', { PAYMENT_PROVIDER: 'paypal' }, 'PAYMENT_PROVIDER'],
    [
      'stripe without its key',
      { PAYMENT_PROVIDER: 'stripe' },
      'PAYMENT_PROVIDER=stripe needs STRIPE_SECRET_KEY',
    ],
  ])('%s', async (_label, env, message) => {
    const { code, output } = await startServer({
      NODE_ENV: 'production',
      DATABASE_URL: t.primaryUrl,
      ...env,
    });
    expect(code).toBe(1);
    expect(output).toContain(`Configuration error: ${message}`);
  });

  it('production with the test provider allowed in so many words starts, and warns that no money moves', async () => {
    const { output } = await startServer({
      NODE_ENV: 'production',
      DATABASE_URL: `postgres://app:${password}@127.0.0.1:1/shop`,
      PAYMENT_PROVIDER: 'test',
      ALLOW_TEST_PAYMENTS_IN_PRODUCTION: 'true',
    });
    // it got past the payment rules to the database, and said what it is doing
    expect(output).toContain('PAYMENT_PROVIDER=test: orders are marked paid and no money moves');
    expect(output).toContain('Configuration error: the primary (DATABASE_URL) is unreachable');
  });

  it('a "replica" that is not in recovery (here: the primary itself)', async () => {
    const { code, output } = await startServer({
      DATABASE_URL: t.primaryUrl,
      DATABASE_REPLICA_URLS: t.primaryUrl,
    });
    expect(code).toBe(1);
    expect(output).toContain('Configuration error: replica-1 (DATABASE_REPLICA_URLS) is not a replica');
    expect(output).not.toContain(new URL(t.primaryUrl).password);
  });
});
