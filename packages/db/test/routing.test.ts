import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EntityManager, Variant } from '../src/index.ts';
import type { QueryLogEntry } from '../src/query-log.ts';
import { createProduct, createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

const queryLog: QueryLogEntry[] = [];
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ querySink: (entry) => queryLog.push(entry) });
});
afterAll(() => t?.drop());

async function inRecovery(em: EntityManager): Promise<boolean | undefined> {
  const rows = await em.getConnection('read').execute<{ r: boolean }[]>('select pg_is_in_recovery() as r');
  return rows[0]?.r;
}

async function priceThrough(em: EntityManager, id: number): Promise<number> {
  return (await em.findOneOrFail(Variant, id)).priceCents;
}

describe('routing layer', () => {
  it('catalog reads run on a server in recovery, primary work on one that is not', async () => {
    await t.replicaCaughtUp();
    expect(await inRecovery(await t.db.readEm({ freshnessBudgetMs: 60_000 }))).toBe(true);
    expect(await inRecovery(t.db.primaryEm())).toBe(false);
  });

  it('with replay paused, a price changed on the primary reads old through readEm and new through primaryEm', async () => {
    const { variants } = await createProduct(t.db.primaryEm(), [{ priceCents: 1000, stock: 5 }]);
    const id = (variants[0] as Variant).id;
    await t.replicaCaughtUp();
    await t.db.refreshHealth();
    const before = { ...t.db.counters };
    await t.cluster.replica.pauseReplay();
    try {
      await t.db.primaryEm().nativeUpdate(Variant, { id }, { priceCents: 1200 });
      expect(await priceThrough(await t.db.readEm({ freshnessBudgetMs: 60_000 }), id)).toBe(1000);
      expect(await priceThrough(t.db.primaryEm(), id)).toBe(1200);
      expect(t.db.counters.replicaReads).toBe(before.replicaReads + 1);
      expect(t.db.counters.primaryFallbacks).toBe(before.primaryFallbacks);
    } finally {
      await t.cluster.replica.resumeReplay();
    }
    await t.replicaCaughtUp();
    expect(await priceThrough(await t.db.readEm({ freshnessBudgetMs: 60_000 }), id)).toBe(1200);
  });

  it("the query log names 'replica-1' for catalog reads and 'primary' for primary work", async () => {
    const { variants } = await createProduct(t.db.primaryEm(), [{ priceCents: 500, stock: 1 }]);
    const id = (variants[0] as Variant).id;
    await t.replicaCaughtUp();

    queryLog.length = 0;
    await (await t.db.readEm({ freshnessBudgetMs: 60_000 })).find(Variant, { id });
    expect(queryLog.length).toBeGreaterThan(0);
    expect(queryLog.every((entry) => entry.connection === 'replica-1')).toBe(true);
    expect(queryLog.some((entry) => entry.sql.includes('from "variant"'))).toBe(true);

    queryLog.length = 0;
    await t.db.primaryEm().find(Variant, { id });
    await t.db.primaryEm().transactional((em) => em.nativeUpdate(Variant, { id }, { stockOnHand: 2 }));
    expect(queryLog.map((entry) => entry.connection)).not.toContain('replica-1');
    expect(queryLog.filter((entry) => entry.connection === 'primary').length).toBeGreaterThanOrEqual(2);
    expect(queryLog.some((entry) => entry.sql.startsWith('update "variant"'))).toBe(true);
  });
});
