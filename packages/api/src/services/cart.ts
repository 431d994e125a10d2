import { randomBytes } from 'node:crypto';
import { Cart, CartItem, type EntityManager, Variant } from '@holdfast/db';
import { appError, insufficientStock } from '../errors.ts';
import type { SetCartItemInput } from '../schemas.ts';
import { type PricedLine, pricedLine, totalOf } from './pricing.ts';

export interface CartView {
  lines: PricedLine[];
  totalCents: number;
}

export async function createCart(em: EntityManager): Promise<{ token: string }> {
  const cart = em.create(Cart, { token: randomBytes(24).toString('base64url') });
  await em.flush();
  return { token: cart.token };
}

/** Give it a primary fork: the cart is the caller's own write, which a replica may not have yet. */
export async function getCart(em: EntityManager, token: string): Promise<CartView> {
  const cart = await em.findOne(
    Cart,
    { token },
    { populate: ['items.variant.product'], populateOrderBy: { items: { id: 'asc' } } },
  );
  if (!cart) throw appError('NOT_FOUND', 'No such cart');
  const lines = cart.items.map((item) => pricedLine(item.variant, item.quantity));
  return { lines, totalCents: totalOf(lines) };
}

/**
 * Sets a line's quantity (0 removes it), refusing more than the primary has on hand. No lock:
 * stock can still run out before checkout, which checks again under one.
 */
export async function setCartItem(em: EntityManager, input: SetCartItemInput): Promise<CartView> {
  const cart = await em.findOne(Cart, { token: input.token });
  if (!cart) throw appError('NOT_FOUND', 'No such cart');
  const variant = await em.findOne(Variant, input.variantId);
  if (!variant) throw appError('NOT_FOUND', 'No such variant');
  if (input.quantity === 0) {
    await em.nativeDelete(CartItem, { cart, variant });
  } else if (input.quantity > variant.stockOnHand) {
    throw insufficientStock([
      { sku: variant.sku, variantId: variant.id, requested: input.quantity, available: variant.stockOnHand },
    ]);
  } else {
    // one statement, so two tabs adding the same variant at once cannot trip the unique constraint
    await em.upsert(
      CartItem,
      { cart, variant, quantity: input.quantity },
      {
        onConflictFields: ['cart', 'variant'],
        onConflictAction: 'merge',
        onConflictMergeFields: ['quantity'],
      },
    );
  }
  return getCart(em, input.token);
}
