import { databaseTimeouts } from '@holdfast/db';
import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detailsOf, newCaller, refusal, stockedProduct } from './support.ts';

let t: TestDatabase;
beforeAll(async () => {
  // the production bound on opening a connection: a frozen server never answers the handshake
  t = await createTestDatabase({ timeouts: { acquireMs: databaseTimeouts().acquireMs } });
});
afterAll(() => t.drop());

/** Runs `body` with every process of the primary stopped (SIGSTOP), as on a hung machine; always thaws it. */
async function withPrimaryFrozen(body: () => Promise<void>): Promise<void> {
  await t.cluster.signal('primary', 'SIGSTOP');
  try {
    await body();
  } finally {
    await t.cluster.signal('primary', 'SIGCONT');
  }
}

describe('a frozen primary', () => {
  it('fails a checkout with SERVICE_UNAVAILABLE within 3 s, while catalog reads go on on the replica; all works again once it thaws', async () => {
    const { product, variants } = await stockedProduct(t, [{ priceCents: 900, stock: 5 }]);
    const [variant] = variants;
    if (!variant) throw new Error('fixture has a variant');
    const buyer = newCaller(t);
    const { token } = await buyer.api.cart.create();
    await buyer.api.cart.setItem({ token, variantId: variant.id, quantity: 1 });
    const order = { cartToken: token, email: 'frozen@example.com', expectedTotal: 900 };

    await withPrimaryFrozen(async () => {
      const started = performance.now();
      const error = await refusal(buyer.api.checkout.placeOrder({ ...order, idempotencyKey: 'frozen-1' }));
      const elapsedMs = performance.now() - started;
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
      expect(detailsOf(error)?.reason).toBe('PRIMARY_UNAVAILABLE');
      expect(elapsedMs).toBeLessThan(3_000);

      // a second attempt meets the same bound: the stuck connection was discarded, not pooled again
      const again = performance.now();
      await refusal(buyer.api.checkout.placeOrder({ ...order, idempotencyKey: 'frozen-1' }));
      expect(performance.now() - again).toBeLessThan(3_000);

      const shown = await newCaller(t).api.catalog.product({ slug: product.slug });
      expect(shown.name).toBe(product.name);
    });

    const placed = await buyer.api.checkout.placeOrder({ ...order, idempotencyKey: 'frozen-1' });
    expect(placed.status).toBe('awaiting_payment');
  });
});
