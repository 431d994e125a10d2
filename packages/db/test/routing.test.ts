import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('routing layer', () => {
  it('catalog reads run on a server in recovery, primary work on one that is not', async () => {
    const replica = await t.db
      .replicaEm()
      .getConnection('read')
      .execute<{ r: boolean }[]>('select pg_is_in_recovery() as r');
    const primary = await t.db
      .primaryEm()
      .getConnection('read')
      .execute<{ r: boolean }[]>('select pg_is_in_recovery() as r');
    expect(replica[0]?.r).toBe(true);
    expect(primary[0]?.r).toBe(false);
  });
});
