import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Category, parseLsn, withCommitPosition } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('withCommitPosition', () => {
  it('notes the position after the commit: a replica that has replayed it holds the write', async () => {
    const before = parseLsn(await t.db.primaryPosition());
    await t.cluster.replica.pauseReplay();
    let lsn: string | undefined;
    try {
      ({ lsn } = await withCommitPosition(() =>
        t.db.primaryEm().transactional(async (tx) => {
          tx.create(Category, { slug: 'noted', name: 'Noted' });
        }),
      ));
      expect(lsn).toBeDefined();
      expect(parseLsn(lsn as string)).toBeGreaterThan(before);
      expect(await t.sql('replica', `select 1 from category where slug = 'noted'`)).toEqual([]);
    } finally {
      await t.cluster.replica.resumeReplay();
    }
    await t.cluster.replica.waitForReplay(lsn);
    expect(await t.sql('replica', `select 1 as found from category where slug = 'noted'`)).toEqual([
      { found: 1 },
    ]);
  });

  it('notes nothing for work that commits nothing, and reads nothing outside it', async () => {
    const { lsn } = await withCommitPosition(() => t.db.primaryEm().find(Category, {}));
    expect(lsn).toBeUndefined();
  });
});
