import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPrepared, type Variant } from '../src/index.ts';
import type { QueryLogEntry } from '../src/query-log.ts';
import { createProduct, createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

const queryLog: QueryLogEntry[] = [];
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ querySink: (entry) => queryLog.push(entry) });
});
afterAll(() => t?.drop());

const priceOf = 'select price_cents from variant where id = $1';

describe('prepared reads', () => {
  it('run on the server the fork was routed to, and are logged with it', async () => {
    const { variants } = await createProduct(t.db.primaryEm(), [{ priceCents: 1000, stock: 5 }]);
    const id = (variants[0] as Variant).id;
    await t.replicaCaughtUp();
    await t.cluster.replica.pauseReplay();
    try {
      await t.sql('primary', 'update variant set price_cents = 1300 where id = $1', [id]);
      queryLog.length = 0;
      expect(await readPrepared(await t.db.readEm({ freshnessBudgetMs: 60_000 }), priceOf, [id])).toEqual([
        { price_cents: 1000 },
      ]);
      expect(await readPrepared(t.db.primaryEm(), priceOf, [id])).toEqual([{ price_cents: 1300 }]);
      expect(queryLog.map(({ connection, sql }) => [connection, sql])).toEqual([
        ['replica-1', priceOf],
        ['primary', priceOf],
      ]);
    } finally {
      await t.cluster.replica.resumeReplay();
    }
  });

  it('a pooled connection prepares a statement once and runs it again by name', async () => {
    const { variants } = await createProduct(t.db.primaryEm(), [{ priceCents: 700, stock: 1 }]);
    const id = (variants[0] as Variant).id;
    await t.replicaCaughtUp();
    const em = await t.db.readEm({ freshnessBudgetMs: 60_000 });
    const stockOf = 'select stock_on_hand from variant where id = $1';
    // one at a time, so the pool hands the same connection back each time
    for (let run = 0; run < 7; run++)
      expect(await readPrepared(em, stockOf, [id])).toEqual([{ stock_on_hand: 1 }]);
    const statements = await readPrepared<{ runs: number; fromSql: boolean }>(
      em,
      `select (generic_plans + custom_plans)::int as runs, from_sql as "fromSql"
         from pg_prepared_statements where statement = $1`,
      [stockOf],
    );
    expect(statements).toEqual([{ runs: 7, fromSql: false }]);
  });

  it('in a transaction, run on its connection by name: they see its work and hold its locks', async () => {
    const { variants } = await createProduct(t.db.primaryEm(), [{ priceCents: 900, stock: 2 }]);
    const id = (variants[0] as Variant).id;
    const lockPrice = 'select price_cents from variant where id = $1 for update';
    await t.db.primaryEm().transactional(async (tx) => {
      // the transaction's first statement: its BEGIN must still go first, or the lock ends with it
      expect(await readPrepared(tx, lockPrice, [id])).toEqual([{ price_cents: 900 }]);
      await expect(
        t.sql('primary', 'select 1 from variant where id = $1 for update nowait', [id]),
      ).rejects.toThrow(/could not obtain lock/);
      await tx.execute('update variant set price_cents = 950 where id = ?', [id]);
      for (let run = 0; run < 6; run++)
        expect(await readPrepared(tx, lockPrice, [id])).toEqual([{ price_cents: 950 }]);
      const statements = await readPrepared(
        tx,
        'select (generic_plans + custom_plans)::int as runs from pg_prepared_statements where statement = $1',
        [lockPrice],
      );
      expect(statements).toEqual([{ runs: 7 }]);
    });
  });
});
