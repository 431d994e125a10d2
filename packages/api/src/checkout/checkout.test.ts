import { createProduct, createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  detailsOf,
  newCaller,
  refusal,
  stockedProduct,
  waitForLockWaiters,
  withReplayPaused,
} from '../../test/support.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

/** A new buyer whose cart holds these lines, added in this order. */
async function buyerWith(lines: [variantId: number, quantity: number][]) {
  const buyer = newCaller(t);
  const { token } = await buyer.api.cart.create();
  for (const [variantId, quantity] of lines) await buyer.api.cart.setItem({ token, variantId, quantity });
  return { ...buyer, token };
}

async function ordersWithKey(key: string) {
  return t.sql<{ number: string; total_cents: number }>(
    'primary',
    'select number, total_cents from orders where idempotency_key = $1',
    [key],
  );
}

function settle<T>(calls: Promise<T>[]) {
  return Promise.allSettled(calls).then((outcomes) => ({
    placed: outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : [])),
    refused: outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason as unknown] : [],
    ),
  }));
}

describe('checkout.placeOrder', () => {
  it('200 concurrent buyers, 25 in stock: exactly 25 orders, 175 CONFLICTs, stock 0 and the ledger adds up', async () => {
    const { variants } = await stockedProduct(t, [{ priceCents: 2500, stock: 25 }]);
    const [variant] = variants;
    if (!variant) throw new Error('fixture has a variant');
    const buyers = await Promise.all(Array.from({ length: 200 }, () => buyerWith([[variant.id, 1]])));

    const { placed, refused } = await settle(
      buyers.map((buyer, index) =>
        buyer.api.checkout.placeOrder({
          cartToken: buyer.token,
          email: `buyer${index}@example.com`,
          expectedTotal: 2500,
          idempotencyKey: `stampede-${index}`,
        }),
      ),
    );

    expect(placed).toHaveLength(25);
    expect(refused).toHaveLength(175);
    for (const error of refused) {
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe('CONFLICT');
      expect(detailsOf(error)).toEqual({
        reason: 'INSUFFICIENT_STOCK',
        items: [{ sku: variant.sku, variantId: variant.id, requested: 1, available: 0 }],
      });
    }
    expect(await t.stockAndLedger(variant.id)).toEqual({ stock: 0, ledger: 0 });
    const [counts] = await t.sql<{ orders: number; lines: number; movements: number }>(
      'primary',
      `select (select count(*)::int from orders where idempotency_key like 'stampede-%') as orders,
              (select count(*)::int from order_line where variant_id = $1) as lines,
              (select count(*)::int from stock_movement where variant_id = $1 and reason = 'order' and delta = -1
                  and order_id is not null) as movements`,
      [variant.id],
    );
    expect(counts).toEqual({ orders: 25, lines: 25, movements: 25 });
    expect(new Set(placed.map((order) => order.number)).size).toBe(25);
  });

  it('carts holding the same two variants, added in opposite orders, check out concurrently without deadlocks', async () => {
    for (let round = 0; round < 3; round++) {
      const { variants } = await stockedProduct(t, [
        { priceCents: 1000, stock: 25 },
        { priceCents: 300, stock: 25 },
      ]);
      const [first, second] = variants;
      if (!first || !second) throw new Error('fixture has two variants');
      const buyers = await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          buyerWith(
            index % 2 === 0
              ? [
                  [first.id, 1],
                  [second.id, 1],
                ]
              : [
                  [second.id, 1],
                  [first.id, 1],
                ],
          ),
        ),
      );
      const { placed, refused } = await settle(
        buyers.map((buyer, index) =>
          buyer.api.checkout.placeOrder({
            cartToken: buyer.token,
            email: 'crossed@example.com',
            expectedTotal: 1300,
            idempotencyKey: `crossed-${round}-${index}`,
          }),
        ),
      );
      expect(placed).toHaveLength(25);
      for (const error of refused) {
        expect((error as TRPCError).code).toBe('CONFLICT');
        expect(detailsOf(error)?.reason).toBe('INSUFFICIENT_STOCK');
      }
      expect(await t.stockAndLedger(first.id)).toEqual({ stock: 0, ledger: 0 });
      expect(await t.stockAndLedger(second.id)).toEqual({ stock: 0, ledger: 0 });
    }
  });

  it('with replay paused and a price raised on the primary: the old total is refused, the new one is charged', async () => {
    const { product, variants } = await stockedProduct(t, [{ priceCents: 1000, stock: 5 }]);
    const [variant] = variants;
    if (!variant) throw new Error('fixture has a variant');
    const buyer = await buyerWith([[variant.id, 2]]);
    const request = { cartToken: buyer.token, email: 'late@example.com', idempotencyKey: 'price-change-1' };
    await withReplayPaused(t, async () => {
      await t.sql('primary', 'update variant set price_cents = 1100 where id = $1', [variant.id]);
      const shown = await buyer.api.catalog.product({ slug: product.slug });
      const expectedTotal = (shown.variants[0]?.priceCents ?? 0) * 2;
      expect(expectedTotal).toBe(2000);

      const error = await refusal(buyer.api.checkout.placeOrder({ ...request, expectedTotal }));
      expect(error.code).toBe('PRECONDITION_FAILED');
      expect(detailsOf(error)).toEqual({ reason: 'PRICE_CHANGED', expectedTotal: 2000, currentTotal: 2200 });
      expect(await ordersWithKey(request.idempotencyKey)).toEqual([]);
      expect(await t.stockAndLedger(variant.id)).toEqual({ stock: 5, ledger: 5 });

      const order = await buyer.api.checkout.placeOrder({ ...request, expectedTotal: 2200 });
      expect(order).toMatchObject({
        status: 'awaiting_payment',
        totalCents: 2200,
        lines: [{ variantId: variant.id, unitPriceCents: 1100, quantity: 2, lineTotalCents: 2200 }],
      });
      expect(await ordersWithKey(request.idempotencyKey)).toEqual([
        { number: order.number, total_cents: 2200 },
      ]);
      expect(
        await t.sql(
          'primary',
          'select unit_price_cents, product_name from order_line where variant_id = $1',
          [variant.id],
        ),
      ).toEqual([{ unit_price_cents: 1100, product_name: product.name }]);
      expect(await t.stockAndLedger(variant.id)).toEqual({ stock: 3, ledger: 3 });
      // an order changes no catalog page the buyer must see at once: it pins no replica read
      expect(buyer.ctx.writtenPositions).toBeUndefined();
    });
  });

  it('the same idempotency key sent 20 times at once makes exactly one order, returned to every caller', async () => {
    const { variants } = await stockedProduct(t, [{ priceCents: 450, stock: 10 }]);
    const [variant] = variants;
    if (!variant) throw new Error('fixture has a variant');
    const buyer = await buyerWith([[variant.id, 3]]);
    const request = {
      cartToken: buyer.token,
      email: 'Twice@Example.com',
      expectedTotal: 1350,
      idempotencyKey: 'double-click-1',
    };
    const { placed, refused } = await settle(
      Array.from({ length: 20 }, () => newCaller(t).api.checkout.placeOrder(request)),
    );
    expect(refused).toEqual([]);
    expect(new Set(placed.map((order) => order.number)).size).toBe(1);
    expect(await ordersWithKey(request.idempotencyKey)).toHaveLength(1);
    expect(await t.stockAndLedger(variant.id)).toEqual({ stock: 7, ledger: 7 });

    // the cart is empty now, but a replay still answers with the order
    expect((await buyer.api.checkout.placeOrder(request)).number).toBe(placed[0]?.number);
  });

  it('a used key with a different body is a CONFLICT, also when both arrive at once', async () => {
    const { variants } = await stockedProduct(t, [{ priceCents: 600, stock: 20 }]);
    const [variant] = variants;
    if (!variant) throw new Error('fixture has a variant');
    const first = await buyerWith([[variant.id, 1]]);
    await first.api.checkout.placeOrder({
      cartToken: first.token,
      email: 'a@example.com',
      expectedTotal: 600,
      idempotencyKey: 'reused-key-1',
    });
    const reuse = await refusal(
      first.api.checkout.placeOrder({
        cartToken: first.token,
        email: 'someone-else@example.com',
        expectedTotal: 600,
        idempotencyKey: 'reused-key-1',
      }),
    );
    expect(reuse.code).toBe('CONFLICT');
    expect(detailsOf(reuse)).toEqual({ reason: 'IDEMPOTENCY_KEY_REUSED' });

    // different carts lock different rows, so these race to the unique index on the key
    const racers = await Promise.all(Array.from({ length: 8 }, () => buyerWith([[variant.id, 1]])));
    const { placed, refused } = await settle(
      racers.map((racer) =>
        racer.api.checkout.placeOrder({
          cartToken: racer.token,
          email: 'racer@example.com',
          expectedTotal: 600,
          idempotencyKey: 'raced-key-1',
        }),
      ),
    );
    expect(placed).toHaveLength(1);
    expect(refused).toHaveLength(7);
    for (const error of refused) expect(detailsOf(error)).toEqual({ reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await ordersWithKey('raced-key-1')).toHaveLength(1);
    expect(await t.stockAndLedger(variant.id)).toEqual({ stock: 18, ledger: 18 });
  });

  it('lists every short sku and writes nothing when several lines are short', async () => {
    const { variants } = await stockedProduct(t, [
      { priceCents: 100, stock: 5 },
      { priceCents: 200, stock: 5 },
      { priceCents: 300, stock: 5 },
    ]);
    const [a, b, c] = variants;
    if (!a || !b || !c) throw new Error('fixture has three variants');
    const buyer = await buyerWith([
      [a.id, 3],
      [b.id, 1],
      [c.id, 4],
    ]);
    await t.sql('primary', 'update variant set stock_on_hand = 2 where id = any($1)', [[a.id, c.id]]);
    await t.sql(
      'primary',
      `insert into stock_movement (variant_id, delta, reason, created_at) values ($1, -3, 'adjustment', now()), ($2, -3, 'adjustment', now())`,
      [a.id, c.id],
    );

    const error = await refusal(
      buyer.api.checkout.placeOrder({
        cartToken: buyer.token,
        email: 'short@example.com',
        expectedTotal: 1700,
        idempotencyKey: 'short-lines-1',
      }),
    );
    expect(error.code).toBe('CONFLICT');
    expect(detailsOf(error)).toEqual({
      reason: 'INSUFFICIENT_STOCK',
      items: [
        { sku: a.sku, variantId: a.id, requested: 3, available: 2 },
        { sku: c.sku, variantId: c.id, requested: 4, available: 2 },
      ],
    });
    expect(await ordersWithKey('short-lines-1')).toEqual([]);
    for (const [variant, stock] of [
      [a, 2],
      [b, 5],
      [c, 2],
    ] as const) {
      expect(await t.stockAndLedger(variant.id)).toEqual({ stock, ledger: stock });
    }
    expect((await buyer.api.cart.get({ token: buyer.token })).lines).toHaveLength(3);
  });

  it('an empty cart is a BAD_REQUEST, an unknown one NOT_FOUND', async () => {
    const buyer = await buyerWith([]);
    const request = { email: 'empty@example.com', expectedTotal: 0, idempotencyKey: 'empty-cart-1' };
    const empty = await refusal(buyer.api.checkout.placeOrder({ ...request, cartToken: buyer.token }));
    expect(empty.code).toBe('BAD_REQUEST');
    expect(detailsOf(empty)).toEqual({ reason: 'CART_EMPTY' });
    const unknown = await refusal(buyer.api.checkout.placeOrder({ ...request, cartToken: 'n'.repeat(32) }));
    expect(unknown.code).toBe('NOT_FOUND');
  });

  it('copies names with quotes, backslashes and non-ASCII into the order exactly as the catalog has them', async () => {
    const productName = `O'Brien's "Best" \\ back\\slash ü 🚀 %s $1 ?`;
    const variantName = `Size 'L' \\n ü`;
    const { variants } = await createProduct(
      t.db.primaryEm(),
      [{ priceCents: 450, stock: 3, name: variantName }],
      {
        name: productName,
      },
    );
    const [variant] = variants;
    if (!variant) throw new Error('fixture has a variant');
    await t.replicaCaughtUp();
    const buyer = await buyerWith([[variant.id, 2]]);
    const order = await buyer.api.checkout.placeOrder({
      cartToken: buyer.token,
      email: 'names@example.com',
      expectedTotal: 900,
      idempotencyKey: 'odd-names-1',
    });
    expect(order.lines).toEqual([
      expect.objectContaining({ productName, variantName, quantity: 2, unitPriceCents: 450 }),
    ]);
    const [stored] = await t.sql<{ product_name: string; variant_name: string }>(
      'primary',
      'select product_name, variant_name from order_line l join orders o on o.id = l.order_id where o.number = $1',
      [order.number],
    );
    expect(stored).toEqual({ product_name: productName, variant_name: variantName });
  });

  it('a deadlock is retried: the buyer gets an order, not an error', async () => {
    const { variants } = await stockedProduct(t, [{ priceCents: 900, stock: 5 }]);
    const [variant] = variants;
    if (!variant) throw new Error('fixture has a variant');
    const buyer = await buyerWith([[variant.id, 1]]);
    let placing: Promise<unknown> | undefined;
    await t.db.primaryEm().transactional(async (tx) => {
      await tx.execute('select 1 from variant where id = ? for update', [variant.id]);
      placing = buyer.api.checkout.placeOrder({
        cartToken: buyer.token,
        email: 'deadlock@example.com',
        expectedTotal: 900,
        idempotencyKey: 'deadlock-1',
      });
      await waitForLockWaiters(t);
      // checkout holds the cart and waits for the variant; wanting the cart closes the cycle, and
      // PostgreSQL aborts the checkout, which has waited longer
      await tx.execute('select 1 from cart where token = ? for update', [buyer.token]);
    });
    await expect(placing).resolves.toMatchObject({ totalCents: 900, status: 'awaiting_payment' });
    expect(await ordersWithKey('deadlock-1')).toHaveLength(1);
    expect(await t.stockAndLedger(variant.id)).toEqual({ stock: 4, ledger: 4 });
  });
});

describe('orders.get', () => {
  it('finds an order by number and email (any case), NOT_FOUND when either does not match', async () => {
    const { variants } = await stockedProduct(t, [{ priceCents: 1999, stock: 3 }]);
    const [variant] = variants;
    if (!variant) throw new Error('fixture has a variant');
    const buyer = await buyerWith([[variant.id, 2]]);
    const placed = await buyer.api.checkout.placeOrder({
      cartToken: buyer.token,
      email: 'Reader@Example.com',
      expectedTotal: 3998,
      idempotencyKey: 'lookup-1',
    });
    expect(placed.number).toMatch(/^HF-[0-9A-Z]{16}$/);
    const { api } = newCaller(t);
    // the order page's answer also carries each line's picture (this product has none)
    expect(await api.orders.get({ number: placed.number, email: 'reader@example.COM' })).toEqual({
      ...placed,
      lines: placed.lines.map((line) => ({ ...line, image: null })),
    });

    const wrongEmail = await refusal(api.orders.get({ number: placed.number, email: 'other@example.com' }));
    const wrongNumber = await refusal(
      api.orders.get({ number: 'HF-0000000000000000', email: 'reader@example.com' }),
    );
    expect([wrongEmail.code, wrongNumber.code]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    expect(wrongEmail.message).toBe(wrongNumber.message);
  });
});
