import type { EntityManager } from '@holdfast/db';
import type { PricedLine } from './pricing.ts';

// Checkout's two statements written as SQL rather than through the ORM's entity API: measured in
// one process, a `findOne` of the cart with its lines populated cost 1.8 ms of CPU against 0.3 ms
// for this one read, and every request of a busy shop queues behind that CPU.

export interface LockedCart {
  id: number;
  /** The account the cart belongs to; null for a guest's cart. */
  ownerId: number | null;
  /** In the order they were added. */
  items: { variantId: number; quantity: number; productName: string }[];
}

// the cart row is locked (not its lines' rows): a repeat of the same checkout queues behind the first
const lockedCart = `select c.id, c.customer_id, i.variant_id, i.quantity, p.name as product_name
from cart c
left join (cart_item i join variant v on v.id = i.variant_id join product p on p.id = v.product_id)
  on i.cart_id = c.id
where c.token = ?
order by i.id
for update of c`;

interface LockedCartRow {
  id: number;
  customer_id: number | null;
  variant_id: number | null;
  quantity: number | null;
  product_name: string | null;
}

/** The cart with its lines and their products' names, the cart row locked until the transaction ends. */
export async function lockCart(tx: EntityManager, token: string): Promise<LockedCart | undefined> {
  const rows = await tx.execute<LockedCartRow[]>(lockedCart, [token]);
  const [first] = rows;
  if (!first) return undefined;
  const items = rows.flatMap(({ variant_id, quantity, product_name }) =>
    variant_id === null || quantity === null || product_name === null
      ? []
      : [{ variantId: variant_id, quantity, productName: product_name }],
  );
  return { id: first.id, ownerId: first.customer_id, items };
}

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

// everything checkout writes, as one statement: the variants are locked while it runs, and every
// round trip under that lock is one every other buyer of a hot SKU waits for. The lines travel
// as one JSON value (MikroORM inlines parameters, and would spread an array into a list).
const writeOrder = `with new_order as (
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
