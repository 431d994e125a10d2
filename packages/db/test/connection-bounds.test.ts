import { LockMode } from '@mikro-orm/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EntityManager, isConnectionLoss, isDatabaseTimeout, Variant } from '../src/index.ts';
import { createProduct, createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

const shortTimeoutMs = 300;
const idleTimeoutMs = 500;
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ timeouts: { lockMs: shortTimeoutMs, idleInTransactionMs: idleTimeoutMs } });
});
afterAll(() => t?.drop());

describe('bounded waits on every connection', () => {
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

  it('every connection of every server carries its bounds, without a statement per transaction; maintenance work has none', async () => {
    const settings = async (em: EntityManager) => {
      const [row] = await em.getConnection('read').execute<Record<string, unknown>[]>(
        `select pg_is_in_recovery() as recovery, current_setting('lock_timeout') as lock,
                current_setting('statement_timeout') as statement,
                current_setting('idle_in_transaction_session_timeout') as idle`,
      );
      return row;
    };
    expect(await settings(t.db.primaryEm())).toEqual({
      recovery: false,
      lock: `${shortTimeoutMs}ms`,
      statement: '2s',
      idle: `${idleTimeoutMs}ms`,
    });
    expect(await settings(await t.db.readEm({ freshnessBudgetMs: 60_000 }))).toEqual({
      recovery: true,
      lock: `${shortTimeoutMs}ms`,
      statement: '1s',
      idle: `${idleTimeoutMs}ms`,
    });
    expect(await t.db.withoutTimeouts((orm) => settings(orm.em.fork()))).toEqual({
      recovery: false,
      lock: '0',
      statement: '0',
      idle: '0',
    });
  });

  it('a statement past the statement timeout fails with SQLSTATE 57014, and the connection serves the next one', async () => {
    const em = t.db.primaryEm();
    await expect(em.getConnection('write').execute('select pg_sleep(3)')).rejects.toSatisfy(
      isDatabaseTimeout,
    );
    expect(await em.getConnection('write').execute('select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('a transaction left idle past the idle-in-transaction timeout is ended, and its row locks with it', async () => {
    const { variants } = await createProduct(t.db.primaryEm(), [{ priceCents: 100, stock: 1 }]);
    const id = (variants[0] as Variant).id;
    const abandoned = t.db.primaryEm().transactional(async (tx) => {
      await tx.findOne(Variant, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      await new Promise((resolve) => setTimeout(resolve, idleTimeoutMs * 3));
      await tx.findOne(Variant, id);
    });
    await expect(abandoned).rejects.toSatisfy(isConnectionLoss);
    const locked = await t.db
      .primaryEm()
      .transactional((tx) => tx.findOne(Variant, id, { lockMode: LockMode.PESSIMISTIC_WRITE }));
    expect(locked?.id).toBe(id);
  });
});
