import type { RouterInputs } from '@holdfast/client';
import { attemptStore } from '../attempt-store.ts';
import { newIdempotencyKey } from '../idempotency-key.ts';

export type PlaceOrderInput = RouterInputs['checkout']['placeOrder'];

interface SavedAttempt {
  /** What is being bought: cart lines, email and total. */
  fingerprint: string;
  input: PlaceOrderInput;
}

const attempts = attemptStore<SavedAttempt>('holdfast.checkoutAttempt');

/**
 * One idempotency key per checkout attempt. Sending the same attempt again (after a timeout,
 * a lost connection, a "try again", even a reload) reuses its key, so the server places the
 * order at most once. Anything that changes the order starts a new attempt with a new key,
 * because the server refuses a key that comes back with a different body. The attempt lives in
 * sessionStorage, so it survives a reload of the tab but not the tab itself.
 */
export function checkoutAttemptFor(
  cartToken: string,
  order: { email: string; expectedTotal: number; lines: { variantId: number; quantity: number }[] },
): PlaceOrderInput {
  const fingerprint = JSON.stringify([
    order.email,
    order.expectedTotal,
    order.lines.map((line) => [line.variantId, line.quantity]),
  ]);
  const saved = attempts.read(cartToken);
  if (saved?.fingerprint === fingerprint) return saved.input;
  const input = {
    cartToken,
    email: order.email,
    expectedTotal: order.expectedTotal,
    idempotencyKey: newIdempotencyKey(),
  };
  attempts.write(cartToken, { fingerprint, input });
  return input;
}

/** An attempt that was sent but never answered, for this cart. */
export function unansweredCheckoutAttempt(cartToken: string): PlaceOrderInput | undefined {
  return attempts.read(cartToken)?.input;
}

export function forgetCheckoutAttempt(cartToken: string): void {
  attempts.forget(cartToken);
}
