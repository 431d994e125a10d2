import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Variant } from '../src/index.ts';
import { createProduct, createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

// SQLSTATEs: what the database says, whichever code path sent the statement
const checkViolation = '23514';
const uniqueViolation = '23505';
const notNullViolation = '23502';
const foreignKeyViolation = '23503';
const invalidTextRepresentation = '22P02';

let t: TestDatabase;
let variant: { id: number; sku: string; productId: number; productSlug: string };

beforeAll(async () => {
  t = await createTestDatabase();
  const created = await createProduct(t.db.primaryEm(), [{ priceCents: 1999, stock: 4 }]);
  const row = created.variants[0] as Variant;
  variant = { id: row.id, sku: row.sku, productId: created.product.id, productSlug: created.product.slug };
});
afterAll(() => t?.drop());

function insertVariant(sku: string, priceCents: unknown = 100) {
  return t.sql(
    'primary',
    `insert into variant (product_id, sku, name, price_cents, stock_on_hand) values ($1, $2, 'v', $3, 1)`,
    [variant.productId, sku, priceCents],
  );
}

function insertOrderLine(orderId: number | null) {
  return t.sql(
    'primary',
    `insert into order_line (order_id, variant_id, sku, product_name, variant_name, unit_price_cents, quantity)
     values ($1, $2, $3, 'p', 'v', 1999, 1)`,
    [orderId, variant.id, variant.sku],
  );
}

describe('constraints the database enforces', () => {
  it('stock on hand never goes negative', async () => {
    await expect(
      t.sql('primary', 'update variant set stock_on_hand = -1 where id = $1', [variant.id]),
    ).rejects.toMatchObject({ code: checkViolation, constraint: 'variant_stock_on_hand_check' });
    await expect(
      t.sql('primary', 'update variant set stock_on_hand = stock_on_hand - 5 where id = $1', [variant.id]),
    ).rejects.toMatchObject({ code: checkViolation, constraint: 'variant_stock_on_hand_check' });
    const [row] = await t.sql('primary', 'select stock_on_hand from variant where id = $1', [variant.id]);
    expect(row).toEqual({ stock_on_hand: 4 });
  });

  it('a sku is unique', async () => {
    await expect(insertVariant(variant.sku)).rejects.toMatchObject({
      code: uniqueViolation,
      constraint: 'variant_sku_unique',
    });
  });

  it('a product slug is unique', async () => {
    await expect(
      t.sql(
        'primary',
        `insert into product (slug, name, description, category_id, price_from_cents, created_at)
         select $1, 'copy', 'copy', category_id, 100, now() from product where id = $2`,
        [variant.productSlug, variant.productId],
      ),
    ).rejects.toMatchObject({ code: uniqueViolation, constraint: 'product_slug_unique' });
  });

  it('a customer email is unique, and stored lower-case so case cannot dodge that', async () => {
    const insert = (email: string) =>
      t.sql(
        'primary',
        `insert into customer (email, password_hash, created_at) values ($1, 'not-a-real-hash', now())`,
        [email],
      );
    await insert('ada@example.com');
    await expect(insert('ada@example.com')).rejects.toMatchObject({
      code: uniqueViolation,
      constraint: 'customer_email_unique',
    });
    await expect(insert('Ada@example.com')).rejects.toMatchObject({
      code: checkViolation,
      constraint: 'customer_email_lowercase',
    });
  });

  it('an order line needs an order that exists', async () => {
    await expect(insertOrderLine(null)).rejects.toMatchObject({ code: notNullViolation, column: 'order_id' });
    await expect(insertOrderLine(2_000_000_000)).rejects.toMatchObject({
      code: foreignKeyViolation,
      constraint: 'order_line_order_id_foreign',
    });
  });

  it('a price is a whole number of cents', async () => {
    // the text '1.5', and 1.5 bound as a parameter (the way pg and the ORM send numbers), are refused
    await expect(
      t.sql(
        'primary',
        `insert into variant (product_id, sku, name, price_cents, stock_on_hand) values ($1, 'FRACTION-1', 'v', '1.5', 1)`,
        [variant.productId],
      ),
    ).rejects.toMatchObject({ code: invalidTextRepresentation });
    await expect(insertVariant('FRACTION-2', 1.5)).rejects.toMatchObject({ code: invalidTextRepresentation });
    await expect(insertVariant('NEGATIVE-PRICE', -1)).rejects.toMatchObject({
      code: checkViolation,
      constraint: 'variant_price_cents_check',
    });
    const [row] = await t.sql('primary', 'select price_cents from variant where id = $1', [variant.id]);
    expect(row).toEqual({ price_cents: 1999 });
  });

  it('a stock movement of zero is refused', async () => {
    await expect(
      t.sql(
        'primary',
        `insert into stock_movement (variant_id, delta, reason, created_at) values ($1, 0, 'adjustment', now())`,
        [variant.id],
      ),
    ).rejects.toMatchObject({ code: checkViolation, constraint: 'stock_movement_delta_check' });
  });
});
