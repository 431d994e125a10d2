import { LockMode } from '@mikro-orm/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EntityManager, Variant } from '../src/index.ts';
import { createProduct, createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

const shortTimeoutMs = 300;
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ lockTimeoutMs: shortTimeoutMs });
});
afterAll(() => t?.drop());

describe('bounded lock waits', () => {
  it('a row locked elsewhere fails a waiting transaction with SQLSTATE 55P03 once the timeout passes', async () => {
    const { variants } = await createProduct(t.db.primaryEm(), [{ priceCents: 100, stock: 1 }]);
    const id = (variants[0] as Variant).id;
    const holder = new pg.Client({ connectionString: t.primaryUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from variant where id = $1 for update', [id]);
      const started = performance.now();
      const waiting = t.db
        .primaryEm()
        .transactional((tx) => tx.findOne(Variant, id, { lockMode: LockMode.PESSIMISTIC_WRITE }));
      await expect(waiting).rejects.toMatchObject({ code: '55P03' });
      expect(performance.now() - started).toBeGreaterThanOrEqual(shortTimeoutMs);
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
    // the lock released, the same wait succeeds
    const locked = await t.db
      .primaryEm()
      .transactional((tx) => tx.findOne(Variant, id, { lockMode: LockMode.PESSIMISTIC_WRITE }));
    expect(locked?.id).toBe(id);
  });

  it('every connection of every server carries the bound, without a statement per transaction', async () => {
    const setting = async (em: EntityManager) => {
      const [row] = await em
        .getConnection('read')
        .execute<{ recovery: boolean; timeout: string }[]>(
          `select pg_is_in_recovery() as recovery, current_setting('lock_timeout') as timeout`,
        );
      return row;
    };
    expect(await setting(t.db.primaryEm())).toEqual({ recovery: false, timeout: `${shortTimeoutMs}ms` });
    expect(await setting(await t.db.readEm({ freshnessBudgetMs: 60_000 }))).toEqual({
      recovery: true,
      timeout: `${shortTimeoutMs}ms`,
    });
  });
});
