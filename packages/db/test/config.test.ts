import { describe, expect, it } from 'vitest';
import { ConfigError, databaseConfigFromEnv } from '../src/index.ts';

const password = 'pa55-w0rd-never-printed';
const primary = `postgres://shop:${password}@db.internal:5432/holdfast`;

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    databaseConfigFromEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, got a configuration');
}

describe('databaseConfigFromEnv', () => {
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

  it.each(['0', '-3', '1.5', 'twenty', '20 connections'])('refuses DATABASE_POOL_SIZE=%s', (size) => {
    const error = configError({ DATABASE_URL: primary, DATABASE_POOL_SIZE: size });
    expect(error.message).toBe('DATABASE_POOL_SIZE must be a positive integer');
    expect(error.message).not.toContain(password);
  });

  it('parses comma-separated replica URLs, ignoring blanks and whitespace', () => {
    const config = databaseConfigFromEnv({
      DATABASE_URL: primary,
      DATABASE_REPLICA_URLS:
        ' postgres://shop:x@replica-a/holdfast , ,postgresql://shop:x@replica-b/holdfast,',
      DATABASE_POOL_SIZE: '8',
    });
    expect(config).toEqual({
      primaryUrl: primary,
      replicaUrls: ['postgres://shop:x@replica-a/holdfast', 'postgresql://shop:x@replica-b/holdfast'],
      poolSize: 8,
    });
  });

  it('without replicas or sizes it uses none and the defaults', () => {
    for (const replicas of [undefined, '', ' , ']) {
      expect(databaseConfigFromEnv({ DATABASE_URL: primary, DATABASE_REPLICA_URLS: replicas })).toEqual({
        primaryUrl: primary,
        replicaUrls: [],
        poolSize: 20,
      });
    }
  });
});
