import { Database } from '@holdfast/db';
import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../src/context.ts';
import { clampedPositions } from '../src/metrics.ts';
import { createCaller } from '../src/root.ts';
import { currentProcedure } from '../src/routing.ts';
import { type Account, signedInAccount, testAccounts } from './account-support.ts';
import { newCaller, stockedProduct } from './support.ts';

interface LoggedStatement {
  procedure: string | undefined;
  connection: string;
}

const statements: LoggedStatement[] = [];
let t: TestDatabase;
let admin: Account;

beforeAll(async () => {
  t = await createTestDatabase({
    querySink: ({ connection }) => statements.push({ procedure: currentProcedure(), connection }),
    // long enough that "waits and is served by the replica" cannot pass by luck of timing
    replayWaitMs: 10_000,
  });
  testAccounts(t);
  admin = await signedInAccount(t, 'ryw-admin', { admin: true });
});
afterAll(() => t.drop());

/** Where `catalog.product`'s statements ran in `call`. */
async function servedBy(call: () => Promise<unknown>): Promise<string[]> {
  statements.length = 0;
  await call();
  return [
    ...new Set(
      statements.filter((statement) => statement.procedure === 'catalog.product').map((s) => s.connection),
    ),
  ];
}

async function freshReplica(): Promise<void> {
  await t.replicaCaughtUp();
  await t.db.refreshHealth();
}

describe('read-your-writes, scoped and kept on replicas', () => {
  it('an admin price change pins the product page: with a short lag the read waits and the replica answers it', async () => {
    const { product, variants } = await stockedProduct(t, [{ priceCents: 1000, stock: 5 }]);
    await freshReplica();
    await t.cluster.replica.pauseReplay();
    let read: Promise<{ variants: { priceCents: number }[] }> | undefined;
    let where: Promise<string[]> | undefined;
    try {
      const writer = admin.as();
      await writer.api.admin.setPrice({ variantId: variants[0]?.id ?? 0, priceCents: 1300 });
      expect(writer.ctx.writtenPositions?.catalog).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      const reader = newCaller(t, { readPositions: writer.ctx.writtenPositions });
      where = servedBy(async () => {
        read = reader.api.catalog.product({ slug: product.slug });
        await read;
      });
      // the paused replica has not got the change; the read must be waiting for it, not answered
      expect(
        await t.sql('replica', 'select price_cents from variant where id = $1', [variants[0]?.id]),
      ).toEqual([{ price_cents: 1000 }]);
    } finally {
      await t.cluster.replica.resumeReplay();
    }
    expect(await where).toEqual(['replica-1']);
    expect((await read)?.variants[0]?.priceCents).toBe(1300);
  });

  it('a cart or order write pins nothing: with replay paused, the shopper is still served by the replica', async () => {
    const { product, variants } = await stockedProduct(t, [{ priceCents: 800, stock: 5 }]);
    await freshReplica();
    const shopper = newCaller(t);
    await t.cluster.replica.pauseReplay();
    try {
      const { token } = await shopper.api.cart.create();
      await shopper.api.cart.setItem({ token, variantId: variants[0]?.id ?? 0, quantity: 1 });
      await shopper.api.checkout.placeOrder({
        cartToken: token,
        email: 'ryw-shopper@example.com',
        expectedTotal: 800,
        idempotencyKey: 'ryw-shopper-order',
      });
      expect(shopper.ctx.writtenPositions).toBeUndefined();
      const next = newCaller(t, { readPositions: shopper.ctx.writtenPositions ?? {} });
      expect(await servedBy(() => next.api.catalog.product({ slug: product.slug }))).toEqual(['replica-1']);
    } finally {
      await t.cluster.replica.resumeReplay();
    }
  });

  it('a position from the future is cut back to the newest the primary has written: the replica serves the read', async () => {
    const { product } = await stockedProduct(t, [{ priceCents: 900, stock: 5 }]);
    await freshReplica();
    const clampedBefore = (await clampedPositions.get()).values[0]?.value ?? 0;
    const forger = newCaller(t, { readPositions: { catalog: 'FFFFFFFF/FFFFFFFF' } });
    // unclamped, the read would wait out the 10 s for a position no server has, then go to the primary
    expect(await servedBy(() => forger.api.catalog.product({ slug: product.slug }))).toEqual(['replica-1']);
    expect((await clampedPositions.get()).values[0]?.value).toBe(clampedBefore + 1);
  });

  it('with replay paused past the wait, the writer is answered by the primary and sees the write', async () => {
    const { product, variants } = await stockedProduct(t, [{ priceCents: 700, stock: 5 }]);
    await freshReplica();
    // a server that waits only 20 ms for replay
    const impatient = await Database.connect(
      { primaryUrl: t.primaryUrl, replicaUrls: [t.replicaUrl], poolSize: 2 },
      { replayWaitMs: 20 },
    );
    try {
      await t.cluster.replica.pauseReplay();
      const writer = admin.as();
      await writer.api.admin.setPrice({ variantId: variants[0]?.id ?? 0, priceCents: 750 });
      const reader = createCaller(createContext(impatient, { readPositions: writer.ctx.writtenPositions }));
      const page = await reader.catalog.product({ slug: product.slug });
      expect(page.variants[0]?.priceCents).toBe(750);
    } finally {
      await t.cluster.replica.resumeReplay();
      await impatient.close();
    }
  });
});
