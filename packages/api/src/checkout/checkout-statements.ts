import { type CheckoutLine, type EntityManager, writeAtCommit } from '@holdfast/db';
import { stockLockWait } from '../metrics.ts';
import type { LockedVariant } from '../stock/lock-variants.ts';

// Checkout's statements are PL/pgSQL functions (packages/db/src/migrations/sql, applied by the checkout migrations): there
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

/** A cart's row joined to one of its lines: an empty cart's one row has nulls for all of the line. */
type CartRow<Line> = { id: number; customer_id: number | null } & (Line | { [Column in keyof Line]: null });

interface CartLine {
  variant_id: number;
  quantity: number;
  product_name: string;
}

/** The cart with its lines and their products' names, the cart row locked until the transaction ends. */
export async function lockCart(tx: EntityManager, token: string): Promise<LockedCart | undefined> {
  return cartOf(await tx.execute<CartRow<CartLine>[]>(lockedCart, [token]));
}

/**
 * One row per line, in the order they were added; for an empty cart one row of nulls but the
 * cart's, and none for no cart.
 */
function cartOf(rows: CartRow<CartLine>[]): LockedCart | undefined {
  const [first] = rows;
  if (!first) return undefined;
  const items = rows.flatMap((row) =>
    row.variant_id === null
      ? []
      : [{ variantId: row.variant_id, quantity: row.quantity, productName: row.product_name }],
  );
  return { id: first.id, ownerId: first.customer_id, items };
}

const lockedCartAndVariants = 'select * from checkout_lock_cart_and_variants(?)';

interface LockedLine extends CartLine {
  sku: string;
  variant_name: string;
  price_cents: number;
  stock_on_hand: number;
  on_sale: boolean;
}

/**
 * The cart or one of its variants was locked by another transaction: the transaction is aborted,
 * having waited for nothing.
 */
export class RowsBusy extends Error {
  constructor() {
    super('a row of the checkout is locked by another transaction; checkout queues for it');
    this.name = 'RowsBusy';
  }
}

// lock_not_available, which a NOWAIT lock raises on a held row (it never waits, so no lock timeout
// raises it there)
const lockNotAvailable = '55P03';

/**
 * The cart and its variants locked in one round trip (checkout_lock_cart_and_variants): the cart
 * as lockCart locks it, then its variants' rows in ascending id order, neither waiting, then the
 * lines with their prices and stock as they stand under the locks. RowsBusy when a row is held
 * elsewhere (a variant another checkout holds, or a repeat of this checkout in flight): the
 * transaction is aborted, and the caller runs it again on the queued path (lockCart, then
 * lockVariants once admitted), which waits for the rows.
 */
export async function lockCartAndVariants(
  tx: EntityManager,
  token: string,
): Promise<{ cart: LockedCart; variants: LockedVariant[] } | undefined> {
  const started = performance.now();
  let rows: CartRow<LockedLine>[];
  try {
    rows = await tx.execute<CartRow<LockedLine>[]>(lockedCartAndVariants, [token]);
  } catch (error) {
    if ((error as { code?: unknown }).code === lockNotAvailable) throw new RowsBusy();
    throw error;
  }
  const lockedMs = performance.now() - started;
  const cart = cartOf(rows);
  if (!cart) return undefined;
  const variants = rows.flatMap((row) =>
    row.variant_id === null
      ? []
      : [
          {
            id: row.variant_id,
            sku: row.sku,
            name: row.variant_name,
            priceCents: row.price_cents,
            stockOnHand: row.stock_on_hand,
            on_sale: row.on_sale,
          },
        ],
  );
  // an emptied cart (a repeat of a placed order) locked no variant
  if (variants.length > 0) stockLockWait.observe(lockedMs / 1000);
  return { cart, variants };
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
