import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detailsOf, newCaller, refusal, stockedProduct, withReplayPaused } from '../../test/support.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

async function cartRows(token: string) {
  return t.sql<{ variant_id: number; quantity: number }>(
    'primary',
    `select i.variant_id, i.quantity from cart_item i join cart c on c.id = i.cart_id
      where c.token = $1 order by i.id`,
    [token],
  );
}

describe('cart', () => {
  it("shows each line with its variant's own picture, else its product's first", async () => {
    const { product, variants } = await stockedProduct(t, [
      { priceCents: 900, stock: 4, name: 'Walnut' },
      { priceCents: 900, stock: 4, name: 'Beech' },
      { priceCents: 900, stock: 4, name: 'Oak' },
    ]);
    const [walnut, beech, oak] = variants;
    if (!walnut || !beech || !oak) throw new Error('fixture has three variants');
    await t.sql(
      'primary',
      `insert into product_image (product_id, variant_id, position, artwork, alt, width, height) values
         ($1, null, 1, 'stool.natural-oak.front', 'A stool', 1280, 1600),
         ($1, $2, 2, 'stool.walnut.front', 'A stool in walnut', 1280, 1600),
         ($1, $3, 3, 'stool.beech.front', 'A stool in beech', 1280, 1600)`,
      [product.id, walnut.id, beech.id],
    );
    const { api } = newCaller(t);
    const { token } = await api.cart.create();
    for (const variant of [beech, walnut, oak])
      await api.cart.setItem({ token, variantId: variant.id, quantity: 1 });
    const { lines } = await api.cart.get({ token });
    expect(lines.map((line) => line.image?.alt)).toEqual([
      'A stool in beech',
      'A stool in walnut',
      'A stool',
    ]);
    expect(lines[0]?.image?.src).toBe('/images/v1/stool.beech.front/640.webp');
  });

  it('create hands out an unguessable token for a new cart row on the primary', async () => {
    const { api, ctx } = newCaller(t);
    const { token } = await api.cart.create();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await t.sql('primary', 'select 1 from cart where token = $1', [token])).toHaveLength(1);
    // carts are read on the primary: a cart write pins no replica read
    expect(ctx.writtenPositions).toBeUndefined();
    expect(await api.cart.get({ token })).toEqual({ lines: [], totalCents: 0 });
  });

  it('setItem adds, changes and removes lines; get prices them at the current price', async () => {
    const { product, variants } = await stockedProduct(t, [
      { priceCents: 1250, stock: 10, name: 'Blue' },
      { priceCents: 499, stock: 3, name: 'Red' },
    ]);
    const [blue, red] = variants;
    if (!blue || !red) throw new Error('fixture has two variants');
    const { api } = newCaller(t);
    const { token } = await api.cart.create();

    await api.cart.setItem({ token, variantId: blue.id, quantity: 2 });
    const shown = await api.cart.setItem({ token, variantId: red.id, quantity: 3 });
    expect(shown).toEqual({
      lines: [
        {
          variantId: blue.id,
          sku: blue.sku,
          productSlug: product.slug,
          productName: product.name,
          variantName: 'Blue',
          unitPriceCents: 1250,
          quantity: 2,
          lineTotalCents: 2500,
          available: 10,
          image: null,
        },
        {
          variantId: red.id,
          sku: red.sku,
          productSlug: product.slug,
          productName: product.name,
          variantName: 'Red',
          unitPriceCents: 499,
          quantity: 3,
          lineTotalCents: 1497,
          available: 3,
          image: null,
        },
      ],
      totalCents: 3997,
    });

    await api.cart.setItem({ token, variantId: blue.id, quantity: 5 });
    await api.cart.setItem({ token, variantId: red.id, quantity: 0 });
    expect(await cartRows(token)).toEqual([{ variant_id: blue.id, quantity: 5 }]);

    await t.sql('primary', 'update variant set price_cents = 1300 where id = $1', [blue.id]);
    expect(await api.cart.get({ token })).toMatchObject({
      lines: [{ variantId: blue.id, unitPriceCents: 1300, quantity: 5, lineTotalCents: 6500 }],
      totalCents: 6500,
    });
  });

  it('setItem refuses more than is in stock with CONFLICT naming what is available, and changes nothing', async () => {
    const { variants } = await stockedProduct(t, [{ priceCents: 800, stock: 4 }]);
    const [variant] = variants;
    if (!variant) throw new Error('fixture has a variant');
    const { api } = newCaller(t);
    const { token } = await api.cart.create();
    await api.cart.setItem({ token, variantId: variant.id, quantity: 1 });

    const error = await refusal(api.cart.setItem({ token, variantId: variant.id, quantity: 5 }));
    expect(error.code).toBe('CONFLICT');
    expect(detailsOf(error)).toEqual({
      reason: 'INSUFFICIENT_STOCK',
      items: [{ sku: variant.sku, variantId: variant.id, requested: 5, available: 4 }],
    });
    expect(await cartRows(token)).toEqual([{ variant_id: variant.id, quantity: 1 }]);
    await api.cart.setItem({ token, variantId: variant.id, quantity: 4 });
    expect(await cartRows(token)).toEqual([{ variant_id: variant.id, quantity: 4 }]);
  });

  it('an unknown cart or variant is NOT_FOUND', async () => {
    const { variants } = await stockedProduct(t, [{ priceCents: 800, stock: 4 }]);
    const { api } = newCaller(t);
    const { token } = await api.cart.create();
    const unknownCart = 'x'.repeat(32);
    expect((await refusal(api.cart.get({ token: unknownCart }))).code).toBe('NOT_FOUND');
    expect(
      (await refusal(api.cart.setItem({ token: unknownCart, variantId: variants[0]?.id ?? 0, quantity: 1 })))
        .code,
    ).toBe('NOT_FOUND');
    expect((await refusal(api.cart.setItem({ token, variantId: 999_999, quantity: 1 }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('with replay paused and a variant sold out on the primary: the catalog still says in stock, setItem refuses', async () => {
    const { product, variants } = await stockedProduct(t, [{ priceCents: 1500, stock: 2 }]);
    const [variant] = variants;
    if (!variant) throw new Error('fixture has a variant');
    const { api } = newCaller(t);
    const { token } = await api.cart.create();
    await withReplayPaused(t, async () => {
      await t.sql('primary', 'update variant set stock_on_hand = 0 where id = $1', [variant.id]);
      await t.sql(
        'primary',
        `insert into stock_movement (variant_id, delta, reason, created_at) values ($1, -2, 'adjustment', now())`,
        [variant.id],
      );
      const shown = await api.catalog.product({ slug: product.slug });
      expect(shown.variants[0]?.available).toBe(2);
      const listed = await api.catalog.products({ q: product.name });
      expect(listed.items.find((item) => item.id === product.id)?.inStock).toBe(true);

      const error = await refusal(api.cart.setItem({ token, variantId: variant.id, quantity: 1 }));
      expect(error.code).toBe('CONFLICT');
      expect(detailsOf(error)).toMatchObject({ items: [{ sku: variant.sku, requested: 1, available: 0 }] });
    });
    expect(await cartRows(token)).toEqual([]);
  });

  it('the cart is read from the primary while the replica has not replayed its write', async () => {
    const { variants } = await stockedProduct(t, [{ priceCents: 700, stock: 9 }]);
    const { api } = newCaller(t);
    const { token } = await api.cart.create();
    const onReplica = () =>
      t.sql('replica', 'select 1 from cart_item i join cart c on c.id = i.cart_id where c.token = $1', [
        token,
      ]);
    await t.cluster.replica.pauseReplay();
    try {
      await api.cart.setItem({ token, variantId: variants[0]?.id ?? 0, quantity: 2 });
      expect(await onReplica()).toEqual([]);
      expect((await api.cart.get({ token })).lines).toHaveLength(1);
    } finally {
      await t.cluster.replica.resumeReplay();
    }
    await t.replicaCaughtUp();
    expect(await onReplica()).toHaveLength(1);
  });
});
