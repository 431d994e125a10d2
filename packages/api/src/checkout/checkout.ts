import { hash } from 'node:crypto';
import { type Database, type EntityManager, primaryTransaction } from '@holdfast/db';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { customAlphabet } from 'nanoid';
import { canUseCart } from '../cart/cart.ts';
import { appError, insufficientStock } from '../errors.ts';
import { findOrderWithLines, type OrderView, orderView } from '../orders/orders.ts';
import { type LockedVariant, lockVariants } from '../stock/lock-variants.ts';
import { type Admission, withinCheckoutBulkhead } from './checkout-bulkhead.ts';
import { type CheckoutResult, countedCheckout } from './checkout-outcomes.ts';
import { insertOrder, lockCart, lockCartAndVariants } from './checkout-statements.ts';
import { pricedLine, totalOf } from './pricing.ts';
import type { PlaceOrderInput } from './schemas.ts';

/**
 * Unguessable, so a number alone does not reveal how many orders exist or open someone else's:
 * 16 of 32 letters (80 bits) from a pool of random bytes. Drawing 16 fresh bytes per order and
 * mapping them by hand cost about 4% of the server's JavaScript time per order under load.
 */
const orderNumberLetters = customAlphabet('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 16);

/**
 * Turns a cart into an order in one primary transaction: prices and stock are read under
 * row locks, so nothing is oversold and nothing is charged at a price the buyer was not shown.
 * The same idempotency key and body always yield the same order. A signed-in buyer's order is
 * theirs (`customerId`); a guest's is found again by its number and email.
 */
export async function placeOrder(
  db: Database,
  input: PlaceOrderInput,
  customerId: number | null = null,
): Promise<OrderView> {
  return countedCheckout(async () => {
    const requestHash = hashRequest(input);
    try {
      return await withinCheckoutBulkhead(db, input.cartToken, (admission) =>
        primaryTransaction(db, (tx) =>
          placeOrderInTransaction(tx, input, requestHash, customerId, admission),
        ),
      );
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      // another cart's request with this key committed first; its order is the answer (or the refusal)
      const winner = await replayOf(db.primaryEm(), input.idempotencyKey, requestHash);
      if (!winner) throw error;
      return { order: winner, replayed: true };
    }
  });
}

async function placeOrderInTransaction(
  tx: EntityManager,
  input: PlaceOrderInput,
  requestHash: string,
  customerId: number | null,
  admission: Admission,
): Promise<CheckoutResult> {
  // the cart lock queues a repeat of this request behind the first, so the repeat finds the
  // order instead of an emptied cart
  const eager = admission.eager ? await lockCartAndVariants(tx, input.cartToken) : undefined;
  const cart = eager ? eager.cart : await lockCart(tx, input.cartToken);
  if (!cart || !canUseCart(cart.ownerId, customerId)) throw appError('NOT_FOUND', 'No such cart');
  if (cart.items.length === 0) {
    // placing an order empties its cart: a repeat of a placed order lands here, and only here
    // is the key worth a lookup (a key reused with a full cart trips its unique index instead)
    const replay = await replayOf(tx, input.idempotencyKey, requestHash);
    if (replay) return { order: replay, replayed: true };
    throw appError('BAD_REQUEST', 'The cart is empty', { reason: 'CART_EMPTY' });
  }

  // the bulkhead's say, now that the cart's variants are known (see withinCheckoutBulkhead)
  admission.admit(cart.items.map((item) => item.variantId));
  // the variant locks are what bounds a hot SKU, so they come last: the lock, one statement of
  // writes and the commit (an eager lock took them with the cart: the same span). One statement,
  // ascending ids: carts sharing variants lock them in the same order and cannot deadlock. Prices
  // and stock are the ones read under the lock
  const locked =
    eager?.variants ??
    (await lockVariants(
      tx,
      cart.items.map((item) => item.variantId),
    ));
  const variants = new Map(locked.map((variant) => [variant.id, variant]));
  const items = cart.items.map(({ variantId, quantity, productName }) => {
    const variant = variants.get(variantId);
    // a foreign key keeps every cart line's variant; a missing one is a broken invariant
    if (!variant) throw new Error(`variant ${variantId} of a cart line vanished`);
    return { variant: { ...variant, product: { name: productName } }, quantity };
  });
  const lines = items.map(({ variant, quantity }) => pricedLine(variant, quantity));
  const totalCents = totalOf(lines);
  if (totalCents !== input.expectedTotal) {
    throw appError('PRECONDITION_FAILED', 'Prices changed since the cart was shown', {
      reason: 'PRICE_CHANGED',
      expectedTotal: input.expectedTotal,
      currentTotal: totalCents,
    });
  }
  // a product taken off sale since it was carted is not sold: none of it is available
  const available = (variant: LockedVariant) => (variant.on_sale ? variant.stockOnHand : 0);
  const short = items.filter(({ variant, quantity }) => quantity > available(variant));
  if (short.length > 0) {
    throw insufficientStock(
      short.map(({ variant, quantity }) => ({
        sku: variant.sku,
        variantId: variant.id,
        requested: quantity,
        available: available(variant),
      })),
    );
  }

  const order = {
    number: `HF-${orderNumberLetters()}`,
    email: input.email,
    customerId,
    totalCents,
    idempotencyKey: input.idempotencyKey,
    requestHash,
    cartId: cart.id,
    lines,
  };
  insertOrder(tx, order);
  return {
    order: { number: order.number, status: 'awaiting_payment', totalCents, lines } satisfies OrderView,
    replayed: false,
  };
}

async function replayOf(em: EntityManager, idempotencyKey: string, requestHash: string) {
  const order = await findOrderWithLines(em, { idempotencyKey });
  if (!order) return undefined;
  if (order.requestHash !== requestHash) {
    throw appError('CONFLICT', 'This idempotency key was used for a different order', {
      reason: 'IDEMPOTENCY_KEY_REUSED',
    });
  }
  return orderView(order);
}

/** The request's fields in a fixed order, after validation normalised them (one-shot `hash`: no Hash object per order). */
function hashRequest({ cartToken, email, expectedTotal, idempotencyKey }: PlaceOrderInput): string {
  return hash('sha256', JSON.stringify([cartToken, email, expectedTotal, idempotencyKey]));
}
