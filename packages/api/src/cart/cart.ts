import { randomBytes } from 'node:crypto';
import { Cart, CartItem, type EntityManager, Variant } from '@holdfast/db';
import { firstImagesOf } from '../catalog/line-images.ts';
import type { ProductImage } from '../catalog/product-images.ts';
import { type PricedLine, pricedLine, totalOf } from '../checkout/pricing.ts';
import { appError, insufficientStock } from '../errors.ts';
import type { SetCartItemInput } from './schemas.ts';

export interface CartLine extends PricedLine {
  productSlug: string;
  /** Stock on hand when the cart was read, so the cart can warn before checkout refuses. */
  available: number;
  image: ProductImage | null;
}

export interface CartView {
  lines: CartLine[];
  totalCents: number;
}

/** A cart that belongs to a customer is theirs alone: anyone else is told it does not exist, as for an unknown token. */
export function canUseCart(ownerId: number | null, customerId: number | null): boolean {
  return ownerId === null || ownerId === customerId;
}

/** A signed-in customer's new cart is theirs; a guest's is addressed by its token alone. */
export async function createCart(em: EntityManager, customerId: number | null): Promise<{ token: string }> {
  const cart = em.create(Cart, { token: randomBytes(24).toString('base64url'), customer: customerId });
  await em.flush();
  return { token: cart.token };
}

/** Give it a primary fork: the cart is the caller's own write, which a replica may not have yet. */
export async function getCart(
  em: EntityManager,
  token: string,
  customerId: number | null,
): Promise<CartView> {
  const cart = await em.findOne(
    Cart,
    { token },
    { populate: ['items.variant.product'], populateOrderBy: { items: { id: 'asc' } } },
  );
  if (!cart || !canUseCart(cart.customer?.id ?? null, customerId))
    throw appError('NOT_FOUND', 'No such cart');
  const images = await firstImagesOf(
    em,
    cart.items.map(({ variant }) => variant.id),
  );
  const lines = cart.items.map(({ variant, quantity }) => ({
    ...pricedLine(variant, quantity),
    productSlug: variant.product.slug,
    available: variant.stockOnHand,
    image: images.get(variant.id) ?? null,
  }));
  return { lines, totalCents: totalOf(lines) };
}

/**
 * Sets a line's quantity (0 removes it), refusing more than the primary has on hand. No lock:
 * stock can still run out before checkout, which checks again under one.
 */
export async function setCartItem(
  em: EntityManager,
  input: SetCartItemInput,
  customerId: number | null,
): Promise<CartView> {
  const cart = await em.findOne(Cart, { token: input.token });
  if (!cart || !canUseCart(cart.customer?.id ?? null, customerId))
    throw appError('NOT_FOUND', 'No such cart');
  const variant = await em.findOne(Variant, input.variantId, { populate: ['product'] });
  // a product taken off sale is not sold, though a line of it can still be removed
  if (!variant || (input.quantity > 0 && !variant.product.active))
    throw appError('NOT_FOUND', 'No such variant');
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
  return getCart(em, input.token, customerId);
}
