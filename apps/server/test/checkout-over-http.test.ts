import { isHoldfastError } from '@holdfast/client';
import { createProduct } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('checkout over HTTP with the real client', () => {
  it('200 concurrent buyers, 25 in stock: exactly 25 orders, 175 clean CONFLICTs, the ledger adds up', async () => {
    const { variants } = await createProduct(server.t.db.primaryEm(), [{ priceCents: 2500, stock: 25 }]);
    const variant = variants[0];
    if (!variant) throw new Error('fixture has a variant');
    const buyers = await Promise.all(
      Array.from({ length: 200 }, async (_, index) => {
        const client = server.newClient();
        const { token } = await client.cart.create.mutate();
        await client.cart.setItem.mutate({ token, variantId: variant.id, quantity: 1 });
        return { client, token, index };
      }),
    );

    const outcomes = await Promise.allSettled(
      buyers.map(({ client, token, index }) =>
        client.checkout.placeOrder.mutate({
          cartToken: token,
          email: `buyer${index}@example.com`,
          expectedTotal: 2500,
          idempotencyKey: `http-buyer-${index}`,
        }),
      ),
    );

    const placed = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(placed).toHaveLength(25);
    expect(refused).toHaveLength(175);
    for (const error of refused) {
      expect(isHoldfastError(error)).toBe(true);
      if (!isHoldfastError(error)) continue;
      expect(error.data?.code).toBe('CONFLICT');
      expect(error.data?.details).toMatchObject({
        reason: 'INSUFFICIENT_STOCK',
        items: [{ sku: variant.sku, available: 0 }],
      });
    }

    expect(await server.t.stockAndLedger(variant.id)).toEqual({ stock: 0, ledger: 0 });
    const [lines] = await server.t.sql<{ count: string }>(
      'primary',
      'select count(*) from order_line where variant_id = $1',
      [variant.id],
    );
    expect(lines?.count).toBe('25');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
