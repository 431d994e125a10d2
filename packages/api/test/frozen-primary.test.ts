import { databaseTimeouts } from '@holdfast/db';
import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { procedureDuration } from '../src/metrics.ts';
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

  it('refuses a signed-in caller whose session cannot be looked up with SERVICE_UNAVAILABLE, and times the call under that code', async () => {
    const signedIn = await newCaller(t).api.account.register({
      email: 'frozen-session@example.com',
      password: 'a long enough password',
    });
    // a context is one request's: its session lookup is made once, so each call gets its own
    const shopper = () => newCaller(t, { sessionToken: signedIn.token }).api;
    const refusedCalls = async () => {
      const { values } = await procedureDuration.get();
      const count = values.find(
        ({ metricName, labels }) =>
          metricName === 'holdfast_procedure_duration_seconds_count' &&
          labels.procedure === 'cart.create' &&
          labels.outcome === 'SERVICE_UNAVAILABLE',
      );
      return count?.value ?? 0;
    };
    const before = await refusedCalls();

    await withPrimaryFrozen(async () => {
      // the session lookup is the call's first statement: it fails before the procedure runs
      const error = await refusal(shopper().cart.create());
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
      expect(['PRIMARY_UNAVAILABLE', 'DATABASE_TIMEOUT']).toContain(detailsOf(error)?.reason);
    });

    expect(await refusedCalls()).toBe(before + 1);
    expect((await shopper().cart.create()).token).toEqual(expect.any(String));
  });
});
