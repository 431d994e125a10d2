import type { EntityManager } from '@holdfast/db';
import type { PricedLine } from './pricing.ts';

export interface NewOrder {
  number: string;
  email: string;
  customerId: number | null;
  totalCents: number;
  idempotencyKey: string;
  requestHash: string;
  cartId: number;
  lines: PricedLine[];
}

// Everything checkout writes, as one statement: the variants are locked while it runs, and every
// round trip under that lock is one every other buyer of a hot SKU waits for. The lines travel
// as one JSON value (MikroORM inlines parameters, and would spread an array into a list).
const writeOrder = `
with new_order as (
  insert into orders (number, email, customer_id, status, total_cents, idempotency_key, request_hash, created_at)
  values (?, ?, ?, 'awaiting_payment', ?, ?, ?, now())
  returning id
), line as (
  select * from jsonb_to_recordset(?::jsonb) as l(
    "variantId" int, quantity int, sku text, "productName" text, "variantName" text, "unitPriceCents" int)
), lines as (
  insert into order_line (order_id, variant_id, sku, product_name, variant_name, unit_price_cents, quantity)
  select new_order.id, line."variantId", line.sku, line."productName", line."variantName", line."unitPriceCents", line.quantity
  from new_order, line
), ledger as (
  insert into stock_movement (variant_id, delta, reason, order_id, created_at)
  select line."variantId", -line.quantity, 'order', new_order.id, now() from new_order, line
), stock as (
  -- = any(array(...)) keeps this an index lookup of the locked rows: the planner guesses 100 rows
  -- for jsonb_to_recordset and would otherwise hash-join it against a scan of every variant
  update variant set stock_on_hand = variant.stock_on_hand - line.quantity
  from line
  where variant.id = any (array(select "variantId" from line)) and variant.id = line."variantId"
), emptied as (
  delete from cart_item where cart_id = ?
)
select id from new_order`;

/**
 * Inserts the order, its lines and their ledger entries, takes the stock and empties the cart.
 * Call it inside the transaction that holds the variants' locks and checked stock and prices.
 */
export async function insertOrder(tx: EntityManager, order: NewOrder): Promise<void> {
  await tx.execute(writeOrder, [
    order.number,
    order.email,
    order.customerId,
    order.totalCents,
    order.idempotencyKey,
    order.requestHash,
    JSON.stringify(order.lines),
    order.cartId,
  ]);
}
