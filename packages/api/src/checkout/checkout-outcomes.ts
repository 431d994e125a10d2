import { reasonOf } from '../errors.ts';
import { type CheckoutOutcome, checkoutOutcomes } from '../metrics.ts';
import type { OrderView } from '../orders/orders.ts';

export interface CheckoutResult {
  order: OrderView;
  /** The idempotency key's order, placed by an earlier request. */
  replayed: boolean;
}

const refusals: Record<string, CheckoutOutcome> = {
  INSUFFICIENT_STOCK: 'sold_out',
  PRICE_CHANGED: 'price_changed',
  CONTENTION: 'contention',
};

/** Runs a checkout and counts how it ended, for operators (`holdfast_checkout_outcomes_total`). */
export async function countedCheckout(checkout: () => Promise<CheckoutResult>): Promise<OrderView> {
  try {
    const { order, replayed } = await checkout();
    checkoutOutcomes.inc({ outcome: replayed ? 'idempotent_replay' : 'placed' });
    return order;
  } catch (error) {
    const reason = reasonOf(error);
    const outcome = reason ? refusals[reason] : undefined;
    if (outcome) checkoutOutcomes.inc({ outcome });
    throw error;
  }
}
