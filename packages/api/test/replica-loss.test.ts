import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentProcedure } from '../src/routing.ts';
import { newCaller, stockedProduct } from './support.ts';

const statements: { procedure: string | undefined; connection: string; failed: boolean }[] = [];
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({
    querySink: ({ connection, failed }) =>
      statements.push({ procedure: currentProcedure(), connection, failed }),
    // health is checked only when the test says so: the replica dies between two checks
    healthIntervalMs: 3_600_000,
  });
});
afterAll(() => t.drop());

describe('a replica lost between two health checks', () => {
  it('catalog reads routed to it are run again on the primary: none fails, and the replica is skipped after', async () => {
    const { product } = await stockedProduct(t, [{ priceCents: 400, stock: 2 }]);
    await t.db.refreshHealth();
    expect(t.db.replicaStatuses()[0]?.up).toBe(true);
    await t.cluster.replica.stop();
    try {
      statements.length = 0;
      const pages = await Promise.all(
        Array.from({ length: 10 }, () => newCaller(t).api.catalog.product({ slug: product.slug })),
      );
      expect(pages.map((page) => page.variants[0]?.priceCents)).toEqual(Array(10).fill(400));
      const own = statements.filter((statement) => statement.procedure === 'catalog.product');
      // the first reads tried the replica and lost it; every answer came from the primary
      expect(own.some((statement) => statement.connection === 'replica-1' && statement.failed)).toBe(true);
      expect(new Set(own.filter((statement) => !statement.failed).map((s) => s.connection))).toEqual(
        new Set(['primary']),
      );
      expect(t.db.replicaStatuses()[0]).toMatchObject({ up: false, error: 'a read lost its connection' });
    } finally {
      await t.cluster.replica.start();
    }
    await t.replicaCaughtUp();
    await t.db.refreshHealth();
    expect(t.db.replicaStatuses()[0]?.up).toBe(true);
  });
});
