import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, isConnectionLoss } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;
let db: Database;
beforeAll(async () => {
  t = await createTestDatabase();
  // one pooled connection: a single one that is never given back would hang everything after it
  db = await Database.connect({
    primaryUrl: t.primaryUrl,
    replicaUrls: [],
    poolSize: 1,
  });
  await t.sql(
    'primary',
    `create table deferred_parent_check (
       id int primary key,
       parent int references deferred_parent_check (id) deferrable initially deferred)`,
  );
});
afterAll(async () => {
  await db?.close();
  await t?.drop();
});

/** Fails the test instead of hanging it when the pool has nothing left to give. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms}ms: a pooled connection leaked`)), ms);
    }),
  ]);
}

async function primaryAnswers(): Promise<number> {
  const [row] = await db.primaryEm().execute<{ one: number }[]>('select 1 as one');
  return row?.one ?? 0;
}

describe('transactions give their pooled connection back', () => {
  it('when the server ends the session mid-transaction (the rollback fails too), five times over a pool of one', async () => {
    for (let round = 0; round < 5; round++) {
      const failed = await within(
        5_000,
        db
          .primaryEm()
          .transactional(async (tx) => {
            const [row] = await tx.execute<{ pid: number }[]>('select pg_backend_pid() as pid');
            await t.sql('primary', 'select pg_terminate_backend($1)', [row?.pid]);
            await tx.execute('select 1');
          })
          .then(
            () => undefined,
            (error: unknown) => error,
          ),
      );
      expect(isConnectionLoss(failed), String(failed)).toBe(true);
    }
    expect(await within(5_000, primaryAnswers())).toBe(1);
  });

  it('when the commit fails on a live connection, which then serves the next transaction untouched', async () => {
    for (let round = 0; round < 3; round++) {
      const refused = db
        .primaryEm()
        .transactional((tx) =>
          tx.execute('insert into deferred_parent_check (id, parent) values (?, 999)', [round + 1]),
        );
      await expect(within(5_000, refused)).rejects.toMatchObject({ code: '23503' });
    }
    await within(
      5_000,
      db.primaryEm().transactional(async (tx) => {
        await tx.execute('insert into deferred_parent_check (id, parent) values (100, null)');
        await tx.execute('insert into deferred_parent_check (id, parent) values (101, 100)');
      }),
    );
    expect(await t.sql('primary', 'select id from deferred_parent_check order by id')).toEqual([
      { id: 100 },
      { id: 101 },
    ]);
    expect(await within(5_000, primaryAnswers())).toBe(1);
  });
});
