import type { QueryLogEntry } from '@holdfast/db';
import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCaller, stockedProduct } from '../../test/support.ts';

const statements: QueryLogEntry[] = [];
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ querySink: (entry) => statements.push(entry) });
});
afterAll(() => t.drop());

describe('how long checkout holds its stock locks', () => {
  // a hot SKU sells one order per lock hold: every statement between the variant lock and the
  // commit is time every other buyer of that SKU waits
  it('takes the variant locks last: the lock, one statement of writes and the commit, nothing else', async () => {
    const { variants } = await stockedProduct(t, [
      { priceCents: 1000, stock: 50 },
      { priceCents: 250, stock: 50 },
    ]);
    const { api } = newCaller(t);
    const { token } = await api.cart.create();
    for (const variant of variants) await api.cart.setItem({ token, variantId: variant.id, quantity: 2 });

    statements.length = 0;
    await api.checkout.placeOrder({
      cartToken: token,
      email: 'span@example.com',
      expectedTotal: 2500,
      idempotencyKey: 'lock-span',
    });

    const primary = statements.filter((entry) => entry.connection === 'primary').map((entry) => entry.sql);
    const lock = primary.findIndex(
      (sql) => sql.startsWith('select') && sql.includes('"variant"') && sql.endsWith('for update'),
    );
    const commit = primary.findIndex((sql, index) => index > lock && sql === 'commit');
    expect(lock, primary.join('\n')).toBeGreaterThan(0);
    const whileLocked = primary.slice(lock + 1, commit);
    // order, order lines, stock movements, variant stock and the emptied cart: one call, however
    // many lines (checkout.test.ts checks each of those writes), sent in the commit's round trip
    // (writeAtCommit; packages/db/test/transaction-round-trips.test.ts watches the wire)
    expect(whileLocked, primary.join('\n')).toHaveLength(1);
    expect(whileLocked[0]).toMatch(/^select checkout_write_order\(/);
    // before it: the transaction and one read of the locked cart with its lines (the lock timeout
    // is the connection's, the idempotency key is looked up only for an emptied cart, and the
    // bulkhead reads the cart's variants beforehand only while some variant is full)
    expect(primary.slice(0, lock), primary.join('\n')).toEqual([
      'begin',
      'select * from checkout_lock_cart(?)',
    ]);
  });
});
