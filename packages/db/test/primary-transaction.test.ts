import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, primaryTransaction } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;
let db: Database;

beforeAll(async () => {
  t = await createTestDatabase();
  db = await Database.connect({ primaryUrl: t.primaryUrl, replicaUrls: [], poolSize: 2 });
  await t.sql('primary', 'create table standalone_note (id int primary key)');
});
afterAll(async () => {
  await db?.close();
  await t?.drop();
});

const notes = async () =>
  (await t.sql('primary', 'select id from standalone_note order by id')).map((row) => row.id);

describe('primaryTransaction', () => {
  it('commits its work and hands back what the work returned', async () => {
    const answer = await primaryTransaction(db, async (tx) => {
      await tx.execute('insert into standalone_note (id) values (1)');
      return 'done';
    });
    expect(answer).toBe('done');
    expect(await notes()).toEqual([1]);
  });

  it('begun inside another transaction, stands alone: it commits though the other rolls back', async () => {
    await expect(
      primaryTransaction(db, async (outer) => {
        await outer.execute('insert into standalone_note (id) values (2)');
        await primaryTransaction(db, (inner) => inner.execute('insert into standalone_note (id) values (3)'));
        throw new Error('the outer one changes its mind');
      }),
    ).rejects.toThrow('the outer one changes its mind');
    expect(await notes()).toEqual([1, 3]);
  });
});
