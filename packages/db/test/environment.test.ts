import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, databaseConfig, databaseTimeouts, readEnvironment } from '../src/index.ts';
import { environmentTableMarkdown, environmentTableSection } from './environment-table.ts';

const password = 'pa55-w0rd-never-printed';
const primary = `postgres://shop:${password}@db.internal:5432/holdfast`;

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    databaseConfig(readEnvironment(env));
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, got a configuration');
}

describe('the environment schema', () => {
  it('gives every default with nothing set', () => {
    expect(readEnvironment({})).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATABASE_REPLICA_URLS: [],
      DATABASE_POOL_SIZE: 20,
      DATABASE_ACQUIRE_TIMEOUT_MS: 2_000,
      PRIMARY_STATEMENT_TIMEOUT_MS: 2_000,
      REPLICA_STATEMENT_TIMEOUT_MS: 1_000,
      LOCK_TIMEOUT_MS: 1_500,
      IDLE_IN_TRANSACTION_TIMEOUT_MS: 5_000,
      HTTP_REQUEST_TIMEOUT_MS: 15_000,
      FRESHNESS_BUDGETS_MS: {},
      READ_YOUR_WRITES_WAIT_MS: 50,
      SESSION_TTL_HOURS: 720,
      TRUST_PROXY: false,
      ORDER_HOLD_MINUTES: 15,
      ORDER_SWEEP_INTERVAL_MS: 30_000,
      SERVER_PROCESSES: os.availableParallelism(),
    });
  });

  it('reads per-procedure freshness budgets as path=ms pairs', () => {
    expect(
      readEnvironment({ FRESHNESS_BUDGETS_MS: ' catalog.product=2000 ,catalog.categories=300000' }),
    ).toMatchObject({
      FRESHNESS_BUDGETS_MS: { 'catalog.product': 2000, 'catalog.categories': 300_000 },
    });
  });

  it('takes an empty value as unset: PORT= is the default port, not a random one', () => {
    expect(readEnvironment({ PORT: '' }).PORT).toBe(3000);
    expect(readEnvironment({ PORT: '0' }).PORT).toBe(0);
    expect(readEnvironment({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    ['PORT', 'eighty', 'PORT must be a number'],
    ['PORT', '65536', 'PORT must be at most 65535'],
    ['PORT', '80.5', 'PORT must be a whole number'],
    ['DATABASE_POOL_SIZE', '0', 'DATABASE_POOL_SIZE must be at least 1'],
    ['DATABASE_POOL_SIZE', '20 connections', 'DATABASE_POOL_SIZE must be a number'],
    ['FRESHNESS_BUDGETS_MS', 'catalog.product=-1', 'FRESHNESS_BUDGETS_MS[0] entries must look like'],
    ['FRESHNESS_BUDGETS_MS', '5000', 'FRESHNESS_BUDGETS_MS[0] entries must look like'],
    ['READ_YOUR_WRITES_WAIT_MS', '10001', 'READ_YOUR_WRITES_WAIT_MS must be at most 10000'],
    ['SESSION_TTL_HOURS', '0', 'SESSION_TTL_HOURS must be greater than 0'],
    ['SESSION_TTL_HOURS', '87601', 'SESSION_TTL_HOURS must be at most 87600'],
    ['ORDER_HOLD_MINUTES', 'soon', 'ORDER_HOLD_MINUTES must be a number'],
    ['ORDER_SWEEP_INTERVAL_MS', '10', 'ORDER_SWEEP_INTERVAL_MS must be at least 100'],
    ['SERVER_PROCESSES', '0', 'SERVER_PROCESSES must be at least 1'],
    ['SERVER_PROCESSES', 'all', 'SERVER_PROCESSES must be a number'],
    ['SERVER_PROCESSES', '1.5', 'SERVER_PROCESSES must be a whole number'],
    ['SEED_DEMO_CATALOG', 'maybe', 'SEED_DEMO_CATALOG must be true or false'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL '],
    ['NODE_ENV', 'prod', 'NODE_ENV '],
  ])('refuses %s=%s, naming the variable', (name, value, message) => {
    expect(() => readEnvironment({ [name]: value })).toThrow(ConfigError);
    expect(() => readEnvironment({ [name]: value })).toThrow(message);
  });

  it('names every wrong variable at once', () => {
    expect(() => readEnvironment({ PORT: 'x', ORDER_HOLD_MINUTES: '0' })).toThrow(
      'PORT must be a number; ORDER_HOLD_MINUTES must be greater than 0',
    );
  });

  it('reads fractions, flags and proxy lists', () => {
    const environment = readEnvironment({
      ORDER_HOLD_MINUTES: '0.5',
      SEED_DEMO_CATALOG: 'false',
      TRUST_PROXY: '10.0.0.0/8,127.0.0.1',
    });
    expect(environment.ORDER_HOLD_MINUTES).toBe(0.5);
    expect(environment.SEED_DEMO_CATALOG).toBe(false);
    expect(environment.TRUST_PROXY).toBe('10.0.0.0/8,127.0.0.1');
    expect(readEnvironment({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
  });

  it('is the configuration table in the README', () => {
    expect(environmentTableSection.read(), 'run `npm run config-table -w @holdfast/db`').toBe(
      environmentTableMarkdown(),
    );
  });
});

describe('the database settings', () => {
  it('refuses a missing DATABASE_URL', () => {
    expect(configError({}).message).toBe('DATABASE_URL is not set');
    expect(configError({ DATABASE_URL: '' }).message).toBe('DATABASE_URL is not set');
  });

  it.each([
    ['a non-postgres URL', `mysql://shop:${password}@db.internal/holdfast`, /postgres:\/\//],
    [
      'a libpq keyword string instead of a URL',
      `host=db.internal user=shop password=${password} dbname=holdfast`,
      /not a URL/,
    ],
    ['a URL without a database', `postgres://shop:${password}@db.internal:5432/`, /must name a database/],
  ])('refuses %s without echoing the password', (_, url, message) => {
    const error = configError({ DATABASE_URL: url });
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^DATABASE_URL /);
    expect(error.message).not.toContain(password);
  });

  it('refuses a bad replica URL, naming which one, without echoing its password', () => {
    const error = configError({
      DATABASE_URL: primary,
      DATABASE_REPLICA_URLS: `postgres://shop:${password}@replica-a/holdfast,http://shop:${password}@replica-b/holdfast`,
    });
    expect(error.message).toMatch(/^DATABASE_REPLICA_URLS\[1\] must be a postgres:\/\/ URL/);
    expect(error.message).not.toContain(password);
  });

  it('parses comma-separated replica URLs, ignoring blanks and whitespace', () => {
    const config = databaseConfig(
      readEnvironment({
        DATABASE_URL: primary,
        DATABASE_REPLICA_URLS:
          ' postgres://shop:x@replica-a/holdfast , ,postgresql://shop:x@replica-b/holdfast,',
        DATABASE_POOL_SIZE: '8',
        LOCK_TIMEOUT_MS: '700',
      }),
    );
    expect(config).toEqual({
      primaryUrl: primary,
      replicaUrls: ['postgres://shop:x@replica-a/holdfast', 'postgresql://shop:x@replica-b/holdfast'],
      poolSize: 8,
      timeouts: { ...databaseTimeouts(), lockMs: 700 },
    });
  });

  it('without replicas or sizes it uses none and the defaults', () => {
    for (const replicas of [undefined, '', ' , ']) {
      expect(
        databaseConfig(readEnvironment({ DATABASE_URL: primary, DATABASE_REPLICA_URLS: replicas })),
      ).toEqual({
        primaryUrl: primary,
        replicaUrls: [],
        poolSize: 20,
        timeouts: {
          acquireMs: 2_000,
          primaryStatementMs: 2_000,
          replicaStatementMs: 1_000,
          lockMs: 1_500,
          idleInTransactionMs: 5_000,
        },
      });
    }
  });
});
