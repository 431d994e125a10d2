import { metricsRegistry, type QueryLogEntry } from '@holdfast/db';
import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdRowLock, newCaller, stockedProduct, waitForLockWaiters } from '../../test/support.ts';

const statements: QueryLogEntry[] = [];
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ querySink: (entry) => statements.push(entry) });
});
afterAll(() => t.drop());

let orders = 0;

/** A cart of two lines (2 × 1000 + 2 × 250), and a checkout of it. */
async function cartOfTwoLines() {
  const { variants } = await stockedProduct(t, [
    { priceCents: 1000, stock: 50 },
    { priceCents: 250, stock: 50 },
  ]);
  const { api } = newCaller(t);
  const { token } = await api.cart.create();
  for (const variant of variants) await api.cart.setItem({ token, variantId: variant.id, quantity: 2 });
  const [cart] = await t.sql<{ id: number }>('primary', 'select id from cart where token = $1', [token]);
  if (!cart) throw new Error('the cart was made');
  const placeOrder = () =>
    api.checkout.placeOrder({
      cartToken: token,
      email: 'span@example.com',
      expectedTotal: 2500,
      idempotencyKey: `lock-span-${orders++}`,
    });
  return { variants, cartId: cart.id, placeOrder };
}

const primaryStatements = () =>
  statements.filter((entry) => entry.connection === 'primary').map((entry) => entry.sql);

/** What runs from the statement that locks the variants to the commit, both left out. */
function whileLocked(primary: string[], lock: number): string[] {
  const commit = primary.findIndex((sql, index) => index > lock && sql === 'commit');
  expect(commit, primary.join('\n')).toBeGreaterThan(lock);
  return primary.slice(lock + 1, commit);
}

async function eagerLockMisses(): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('holdfast_checkout_eager_lock_misses_total')?.get();
  return metric?.values[0]?.value ?? 0;
}

describe('how long checkout holds its stock locks', () => {
  // a hot SKU sells one order per lock hold: every statement between the variant lock and the
  // commit is time every other buyer of that SKU waits. Order, order lines, stock movements,
  // variant stock and the emptied cart are one call, however many lines (checkout.test.ts checks
  // each of those writes), sent in the commit's round trip (writeAtCommit;
  // packages/db/test/transaction-round-trips.test.ts watches the wire)
  it('nobody holds the rows: the cart and its variants locked in the first statement, then one of writes and the commit', async () => {
    const { placeOrder } = await cartOfTwoLines();
    statements.length = 0;
    await placeOrder();

    const primary = primaryStatements();
    // the lock timeout is the connection's, the idempotency key is looked up only for an emptied
    // cart, and the bulkhead reads the cart's variants beforehand only while some variant is full
    expect(primary.slice(0, 2), primary.join('\n')).toEqual([
      'begin',
      'select * from checkout_lock_cart_and_variants(?)',
    ]);
    const locked = whileLocked(primary, 1);
    expect(locked, primary.join('\n')).toHaveLength(1);
    expect(locked[0]).toMatch(/^select checkout_write_order\(/);
  });

  it.each(['variant', 'cart'] as const)(
    'a %s held by another session: the first attempt rolls back at once, the queued path waits for the row, locks the variants with PESSIMISTIC_WRITE and sells them',
    async (table) => {
      const { variants, cartId, placeOrder } = await cartOfTwoLines();
      const [, variant] = variants;
      if (!variant) throw new Error('the fixture has two variants');
      const missesBefore = await eagerLockMisses();
      const release = await holdRowLock(t, table === 'cart' ? cartId : variant.id, table);
      let placing: ReturnType<typeof placeOrder> | undefined;
      try {
        statements.length = 0;
        placing = placeOrder();
        // the queued path waits on the row: the eager lock never does
        await waitForLockWaiters(t);
      } finally {
        await release();
      }
      await expect(placing).resolves.toMatchObject({ totalCents: 2500, status: 'awaiting_payment' });

      const primary = primaryStatements();
      const eager = primary.indexOf('select * from checkout_lock_cart_and_variants(?)');
      const queued = primary.indexOf('select * from checkout_lock_cart(?)');
      expect(primary.slice(eager - 1, eager + 2), primary.join('\n')).toEqual([
        'begin',
        'select * from checkout_lock_cart_and_variants(?)',
        'rollback',
      ]);
      expect(primary[queued - 1]).toBe('begin');
      expect(queued).toBeGreaterThan(eager);
      // LockMode.PESSIMISTIC_WRITE, once admitted, in ascending id order
      const lock = queued + 1;
      expect(primary[lock], primary.join('\n')).toMatch(/^select .*"variant".* order by .* for update$/);
      const locked = whileLocked(primary, lock);
      expect(locked, primary.join('\n')).toHaveLength(1);
      expect(locked[0]).toMatch(/^select checkout_write_order\(/);
      expect(await eagerLockMisses()).toBe(missesBefore + 1);
      for (const variant of variants)
        expect(await t.stockAndLedger(variant.id)).toEqual({ stock: 48, ledger: 48 });
    },
  );
});
