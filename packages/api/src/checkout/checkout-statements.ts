import { type CheckoutLine, type EntityManager, writeAtCommit } from '@holdfast/db';

// Checkout's two statements are PL/pgSQL functions (packages/db/src/migrations/sql, applied by the checkout_functions migration): there
// PostgreSQL keeps their plans per connection, while SQL sent through MikroORM has its values inlined
// and is planned on every call. Called as SQL rather than through the ORM's entity API: a `findOne`
// of the cart with its lines populated cost 1.8 ms of CPU against 0.3 ms for one read, measured in
// one process, and every request of a busy shop queues behind that CPU.

export interface LockedCart {
  id: number;
  /** The account the cart belongs to; null for a guest's cart. */
  ownerId: number | null;
  /** In the order they were added. */
  items: { variantId: number; quantity: number; productName: string }[];
}

const lockedCart = 'select * from checkout_lock_cart(?)';

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
  lines: CheckoutLine[];
}

// every round trip while the variants are locked is one that every other buyer of a hot SKU waits
// for: all the writes are one call, and it travels with the COMMIT (writeAtCommit). The lines go as
// one JSON value (MikroORM inlines parameters, and would spread an array into a list).
const writeOrder = 'select checkout_write_order(?, ?, ?, ?, ?, ?, ?, ?)';

/**
 * Inserts the order, its lines and their ledger entries, takes the stock and empties the cart,
 * with the commit. Call it last in the transaction that holds the variants' locks and checked
 * stock and prices; a failed write (the idempotency key's unique index) fails the commit.
 */
export function insertOrder(tx: EntityManager, order: NewOrder): void {
  writeAtCommit(tx, writeOrder, [
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
