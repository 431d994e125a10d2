import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detailsOf, newCaller, refusal, stockedProduct } from '../../test/support.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const takeOffSale = (productId: number) =>
  t.sql('primary', 'update product set active = false where id = $1', [productId]);

describe('a product taken off sale', () => {
  it('cannot be put in a cart by its variant id: NOT_FOUND, as if it did not exist', async () => {
    const { product, variants } = await stockedProduct(t, [{ priceCents: 1_000, stock: 5 }]);
    await takeOffSale(product.id);
    const { api } = newCaller(t);
    const { token } = await api.cart.create();
    const refused = await refusal(api.cart.setItem({ token, variantId: variants[0]?.id ?? 0, quantity: 1 }));
    expect(refused.code).toBe('NOT_FOUND');
    expect((await api.cart.get({ token })).lines).toEqual([]);
  });

  it('already in a cart: the order is refused with none available and nothing is taken; the line can still be removed', async () => {
    const { product, variants } = await stockedProduct(t, [{ priceCents: 1_000, stock: 5 }]);
    const variantId = variants[0]?.id ?? 0;
    const { api } = newCaller(t);
    const { token } = await api.cart.create();
    const { totalCents } = await api.cart.setItem({ token, variantId, quantity: 2 });
    await takeOffSale(product.id);

    const refused = await refusal(
      api.checkout.placeOrder({
        cartToken: token,
        email: 'off-sale@example.com',
        expectedTotal: totalCents,
        idempotencyKey: 'off-sale-order',
      }),
    );

    expect(refused.code).toBe('CONFLICT');
    expect(detailsOf(refused)).toEqual({
      reason: 'INSUFFICIENT_STOCK',
      items: [{ sku: variants[0]?.sku, variantId, requested: 2, available: 0 }],
    });
    const [stock] = await t.sql<{ stock: number; orders: number }>(
      'primary',
      `select v.stock_on_hand as stock, (select count(*)::int from orders) as orders from variant v where v.id = $1`,
      [variantId],
    );
    expect(stock).toEqual({ stock: 5, orders: 0 });
    const emptied = await api.cart.setItem({ token, variantId, quantity: 0 });
    expect(emptied.lines).toEqual([]);
  });
});
