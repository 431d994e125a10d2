import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DiscardingClient } from '../src/discarding-client.ts';
import { Database, primaryTransaction, withCommitPosition, writeAtCommit } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;
let db: Database;
// every query the pool's clients send: one call is one round trip to the server
const sent = vi.spyOn(DiscardingClient.prototype, 'query');

beforeAll(async () => {
  t = await createTestDatabase();
  // one pooled connection: whatever a transaction leaves on it, the next one meets
  db = await Database.connect({ primaryUrl: t.primaryUrl, replicaUrls: [], poolSize: 1 });
  await t.sql('primary', 'create table round_trip_note (id int primary key)');
  // the pooled connection opened, and the ORM's first-use checks done, before anything is counted
  await db.primaryEm().execute('select 1');
});
beforeEach(() => {
  sent.mockClear();
});
afterAll(async () => {
  sent.mockRestore();
  await db?.close();
  await t?.drop();
});

/** What the one pooled client of `db` sent; the health checks' clients are another matter. */
function sentByPool(): unknown[] {
  const pooled = sent.mock.contexts.find((_, index) =>
    String(sent.mock.calls[index]?.[0]).includes('round_trip'),
  );
  return sent.mock.calls.filter((_, index) => sent.mock.contexts[index] === pooled).map(([sql]) => sql);
}

const notes = async () =>
  (await t.sql('primary', 'select id from round_trip_note order by id')).map((row) => row.id);

describe('a transaction on the wire', () => {
  it('takes a round trip per statement: BEGIN travels with the first, the position read with the COMMIT', async () => {
    const { lsn } = await withCommitPosition(() =>
      db.primaryEm().transactional(async (tx) => {
        await tx.execute('insert into round_trip_note (id) values (1)');
        await tx.execute('select id from round_trip_note');
      }),
    );
    expect(sentByPool()).toEqual([
      'begin; insert into round_trip_note (id) values (1)',
      'select id from round_trip_note',
      'commit; select pg_current_wal_lsn()::text as lsn',
    ]);
    expect(lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(await notes()).toEqual([1]);
  });

  it('runs the first statement inside the transaction: rolled back, its write is gone', async () => {
    await expect(
      db.primaryEm().transactional(async (tx) => {
        await tx.execute('insert into round_trip_note (id) values (2)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await notes()).toEqual([1]);
  });

  it('leaves the connection clean when the first statement fails, for the next transaction on it', async () => {
    await expect(
      db.primaryEm().transactional((tx) => tx.execute('select 1 / 0 as infinite')),
    ).rejects.toThrow(/division by zero/);
    await db.primaryEm().transactional((tx) => tx.execute('insert into round_trip_note (id) values (3)'));
    expect(await notes()).toEqual([1, 3]);
  });

  it('sends neither BEGIN nor COMMIT for a transaction that ran no statement', async () => {
    const { lsn } = await withCommitPosition(() => db.primaryEm().transactional(async () => undefined));
    await db.primaryEm().transactional((tx) => tx.execute('select count(*) from round_trip_note'));
    expect(sentByPool()).toEqual(['begin; select count(*) from round_trip_note', 'commit']);
    expect(lsn).toBeUndefined();
  });

  it('sends a write queued with writeAtCommit in the round trip of the COMMIT and the position read', async () => {
    const { lsn } = await withCommitPosition(() =>
      primaryTransaction(db, async (tx) => {
        await tx.execute('select id from round_trip_note where id = 1 for update');
        writeAtCommit(tx, 'insert into round_trip_note (id) values (?)', [4]);
      }),
    );
    expect(sentByPool()).toEqual([
      'begin; select id from round_trip_note where id = 1 for update',
      'insert into round_trip_note (id) values (4); commit; select pg_current_wal_lsn()::text as lsn',
    ]);
    expect(lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(await notes()).toEqual([1, 3, 4]);
  });

  it('commits nothing when a queued write fails, throws what the ORM would, and leaves the connection clean', async () => {
    await expect(
      primaryTransaction(db, async (tx) => {
        await tx.execute('insert into round_trip_note (id) values (5)');
        writeAtCommit(tx, 'insert into round_trip_note (id) values (?)', [1]);
      }),
    ).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    await primaryTransaction(db, (tx) => tx.execute('insert into round_trip_note (id) values (6)'));
    expect(await notes()).toEqual([1, 3, 4, 6]);
  });

  it('refuses a write queued outside primaryTransaction, where no commit would take it', async () => {
    await expect(
      db.primaryEm().transactional(async (tx) => writeAtCommit(tx, 'select ?', [1])),
    ).rejects.toThrow('writeAtCommit runs inside primaryTransaction');
  });
});
