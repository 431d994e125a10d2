import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Database, type EntityManager, Variant } from '../src/index.ts';
import { createProduct, createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

const budgetMs = 200;
const fallbacks: string[] = [];
let t: TestDatabase;
let variantId: number;

beforeAll(async () => {
  t = await createTestDatabase({ onFallback: (_reason, detail) => fallbacks.push(detail) });
  const { variants } = await createProduct(t.db.primaryEm(), [{ priceCents: 2500, stock: 3 }]);
  variantId = (variants[0] as Variant).id;
});
afterAll(() => t?.drop());

async function inRecovery(em: EntityManager): Promise<boolean | undefined> {
  const rows = await em.getConnection('read').execute<{ r: boolean }[]>('select pg_is_in_recovery() as r');
  return rows[0]?.r;
}

function replicaStatus() {
  const [status] = t.db.replicaStatuses();
  if (!status) throw new Error('the test database has no replica');
  return status;
}

/** Until the health monitor has seen the replica holding everything committed so far. */
async function replicaFresh(): Promise<void> {
  await t.replicaCaughtUp();
  await vi.waitFor(
    async () => {
      await t.db.refreshHealth();
      expect(replicaStatus()).toMatchObject({ up: true });
      expect(replicaStatus().stalenessMs).toBeLessThanOrEqual(budgetMs);
    },
    { timeout: 5000, interval: 20 },
  );
}

async function setPrice(priceCents: number): Promise<void> {
  await t.db.primaryEm().nativeUpdate(Variant, { id: variantId }, { priceCents });
}

async function currentLsn(): Promise<string> {
  const [row] = await t.sql<{ lsn: string }>('primary', 'select pg_current_wal_lsn()::text as lsn');
  return row?.lsn ?? '';
}

describe('replica selection', () => {
  it('a replica further behind than the freshness budget is skipped: the read goes to the primary, counted and reported', async () => {
    await replicaFresh();
    const before = { ...t.db.counters };
    expect(await inRecovery(await t.db.readEm({ freshnessBudgetMs: budgetMs }))).toBe(true);
    expect(t.db.counters.replicaReads).toBe(before.replicaReads + 1);

    await t.cluster.replica.pauseReplay();
    try {
      await setPrice(2600);
      await vi.waitFor(
        async () => {
          await t.db.refreshHealth();
          expect(replicaStatus().stalenessMs).toBeGreaterThan(budgetMs);
        },
        { timeout: 5000, interval: 20 },
      );
      fallbacks.length = 0;
      const em = await t.db.readEm({ freshnessBudgetMs: budgetMs });
      expect(t.db.counters.primaryFallbacks).toBe(before.primaryFallbacks + 1);
      expect(fallbacks).toHaveLength(1);
      expect(fallbacks[0]).toMatch(/^no replica qualifies: replica-1 \d+ms behind \(budget 200ms\)$/);
      expect(await inRecovery(em)).toBe(false);
      expect((await em.findOneOrFail(Variant, variantId)).priceCents).toBe(2600);

      // a caller that tolerates older data still gets the replica, and sees the old price there
      const tolerant = await t.db.readEm({ freshnessBudgetMs: 60_000 });
      expect((await tolerant.findOneOrFail(Variant, variantId)).priceCents).toBe(2500);
      expect(t.db.counters.primaryFallbacks).toBe(before.primaryFallbacks + 1);
    } finally {
      await t.cluster.replica.resumeReplay();
    }
    await replicaFresh();
    expect(await inRecovery(await t.db.readEm({ freshnessBudgetMs: budgetMs }))).toBe(true);
  });

  it('minLsn: a replica that has not replayed the given WAL position is skipped until it has', async () => {
    await replicaFresh();
    const roomy = { freshnessBudgetMs: 60_000 };
    await t.cluster.replica.pauseReplay();
    let writtenLsn = '';
    try {
      const replayedLsn = (await t.cluster.replica.replayLsn()) ?? '';
      await setPrice(2700);
      writtenLsn = await currentLsn();
      await t.db.refreshHealth();
      expect(replicaStatus().up).toBe(true);

      fallbacks.length = 0;
      const before = { ...t.db.counters };
      const em = await t.db.readEm({ ...roomy, minLsn: writtenLsn });
      expect(t.db.counters.primaryFallbacks).toBe(before.primaryFallbacks + 1);
      expect(fallbacks).toEqual([`no replica qualifies: replica-1 has not replayed ${writtenLsn}`]);
      expect(await inRecovery(em)).toBe(false);
      expect((await em.findOneOrFail(Variant, variantId)).priceCents).toBe(2700);

      // a position the paused replica already holds is fine
      const older = await t.db.readEm({ ...roomy, minLsn: replayedLsn });
      expect(t.db.counters.replicaReads).toBe(before.replicaReads + 1);
      expect((await older.findOneOrFail(Variant, variantId)).priceCents).toBe(2600);
    } finally {
      await t.cluster.replica.resumeReplay();
    }
    await t.cluster.replica.waitForReplay(writtenLsn);
    await t.db.refreshHealth();
    const before = { ...t.db.counters };
    const caughtUp = await t.db.readEm({ ...roomy, minLsn: writtenLsn });
    expect(t.db.counters.replicaReads).toBe(before.replicaReads + 1);
    expect(await inRecovery(caughtUp)).toBe(true);
    expect((await caughtUp.findOneOrFail(Variant, variantId)).priceCents).toBe(2700);
  });

  it('a stopped replica is skipped, and used again once it is back', async () => {
    await replicaFresh();
    // an idle connection of our own that the stop will cut: it must not take the run down with it
    expect(await t.sql('replica', 'select pg_is_in_recovery() as r')).toEqual([{ r: true }]);
    await t.cluster.replica.stop();
    try {
      await t.db.refreshHealth();
      expect(replicaStatus()).toMatchObject({ up: false, stalenessMs: Infinity });

      fallbacks.length = 0;
      const before = { ...t.db.counters };
      const em = await t.db.readEm({ freshnessBudgetMs: budgetMs });
      expect(t.db.counters.primaryFallbacks).toBe(before.primaryFallbacks + 1);
      expect(fallbacks).toEqual(['no replica qualifies: replica-1 down']);
      expect(await inRecovery(em)).toBe(false);
      expect((await em.findOneOrFail(Variant, variantId)).priceCents).toBe(2700);
    } finally {
      await t.cluster.replica.start();
    }
    await replicaFresh();
    const before = { ...t.db.counters };
    const em = await t.db.readEm({ freshnessBudgetMs: budgetMs });
    expect(t.db.counters.replicaReads).toBe(before.replicaReads + 1);
    expect(await inRecovery(em)).toBe(true);
    expect(await t.sql('replica', 'select pg_is_in_recovery() as r')).toEqual([{ r: true }]);
  });
});

describe('with the primary out of reach', () => {
  it('a replica that has replayed all it received serves reads within any budget, and says so', async () => {
    await replicaFresh();
    // a server whose primary cannot be reached (nothing listens there) but whose replica can
    const cutOff = await Database.connect(
      { primaryUrl: 'postgres://holdfast:x@127.0.0.1:1/nowhere', replicaUrls: [t.replicaUrl], poolSize: 2 },
      { healthTimeoutMs: 500 },
    );
    try {
      expect(cutOff.primaryUp).toBe(false);
      const [status] = cutOff.replicaStatuses();
      // no primary sample ever: staleness is unknown, yet no server could have newer data
      expect(status).toMatchObject({ up: true, stalenessMs: Infinity, withoutPrimary: true });
      const routed = await cutOff.routeRead({ freshnessBudgetMs: 1, minLsn: 'FFFFFFFF/0' });
      expect(routed.target).toBe('replica-1');
      expect(routed.fallback).toBeUndefined();
      expect(await inRecovery(routed.em)).toBe(true);
    } finally {
      await cutOff.close();
    }
  });

  it('a read that lost the primary has the replicas checked at once: one that holds all it received serves it', async () => {
    await replicaFresh();
    // no ticks during the test: only the report may change what the monitor believes
    const db = await Database.connect(
      { primaryUrl: t.primaryUrl, replicaUrls: [t.replicaUrl], poolSize: 2 },
      { healthIntervalMs: 600_000 },
    );
    try {
      // a budget no replica meets while the primary is up: the read goes to the primary
      expect((await db.routeRead({ freshnessBudgetMs: -1 })).target).toBe('primary');
      await db.reportPrimaryLost();
      expect(db.primaryUp).toBe(false);
      const routed = await db.routeRead({ freshnessBudgetMs: -1 });
      expect(routed.target).toBe('replica-1');
      expect(await inRecovery(routed.em)).toBe(true);
    } finally {
      await db.close();
    }
  });
});
