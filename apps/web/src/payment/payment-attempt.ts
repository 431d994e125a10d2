import type { RouterInputs } from '@holdfast/client';
import { attemptStore } from '../attempt-store.ts';
import { newIdempotencyKey } from '../idempotency-key.ts';

export type PayInput = RouterInputs['checkout']['pay'];
export type CardDetails = PayInput['card'];

interface SavedAttempt {
  /** The card's last four digits and expiry: never more of it, see below. */
  fingerprint: string;
  idempotencyKey: string;
}

const attempts = attemptStore<SavedAttempt>('holdfast.paymentAttempt');

/**
 * One idempotency key per payment attempt, as checkout has one per order attempt. Paying again
 * with the same card (after a lost answer, a "Try again", even a reload) reuses the key, so the
 * server returns the first attempt's outcome and never charges twice; another card is another
 * attempt. Only the last four digits and the expiry are kept (in sessionStorage, for this tab):
 * the card number must not be stored, and even its hash would give it away, there being few
 * card numbers to try.
 */
export function paymentKeyFor(orderNumber: string, card: CardDetails): string {
  const digits = card.number.replace(/\D/g, '');
  const fingerprint = JSON.stringify([digits.slice(-4), card.expMonth, card.expYear]);
  const saved = attempts.read(orderNumber);
  if (saved?.fingerprint === fingerprint) return saved.idempotencyKey;
  const idempotencyKey = newIdempotencyKey();
  attempts.write(orderNumber, { fingerprint, idempotencyKey });
  return idempotencyKey;
}

/** The attempt was answered (paid, declined, failed, refused): a new payment is a new attempt. */
export function forgetPaymentAttempt(orderNumber: string): void {
  attempts.forget(orderNumber);
}
