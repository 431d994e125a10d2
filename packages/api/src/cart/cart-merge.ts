import { Cart, CartItem, type EntityManager } from '@holdfast/db';
import { LockMode } from '@mikro-orm/core';

// what cart.setItem accepts for one line
const maxLineQuantity = 999;

/**
 * Runs inside the sign-in transaction. The guest cart filled before signing in becomes the
 * customer's: adopted when they have no cart, otherwise merged into their newest one, the
 * same variant's quantities summed and capped at what the primary has on hand (checkout checks
 * again under a lock). Returns the token of the cart the customer shops with now, if any.
 */
export async function claimGuestCart(
  tx: EntityManager,
  customerId: number,
  guestToken: string | undefined,
): Promise<string | null> {
  // one statement, ascending ids: two sign-ins that share a cart lock it in the same order and cannot deadlock
  const carts = await tx.find(
    Cart,
    guestToken
      ? { $or: [{ customer: customerId }, { token: guestToken, customer: null }] }
      : { customer: customerId },
    { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
  );
  // another customer's cart, or one already merged, is not found here and is left alone
  const guest = carts.find((cart) => !cart.customer);
  const own = carts.filter((cart) => cart !== guest).at(-1);
  if (!guest) return own?.token ?? null;
  if (!own) {
    tx.assign(guest, { customer: customerId });
    return guest.token;
  }
  await mergeLines(tx, guest, own);
  return own.token;
}

async function mergeLines(tx: EntityManager, guest: Cart, own: Cart): Promise<void> {
  const items = await tx.find(
    CartItem,
    { cart: { $in: [guest.id, own.id] } },
    { populate: ['variant'], orderBy: { id: 'asc' } },
  );
  const ownLines = new Map(
    items.filter((item) => item.cart.id === own.id).map((item) => [item.variant.id, item]),
  );
  for (const item of items) {
    if (item.cart.id !== guest.id) continue;
    const kept = ownLines.get(item.variant.id);
    const quantity = Math.min(
      (kept?.quantity ?? 0) + item.quantity,
      item.variant.stockOnHand,
      maxLineQuantity,
    );
    if (kept && quantity > 0) kept.quantity = quantity;
    else if (kept) tx.remove(kept);
    else if (quantity > 0) tx.create(CartItem, { cart: own, variant: item.variant, quantity });
    tx.remove(item);
  }
  tx.remove(guest);
}
