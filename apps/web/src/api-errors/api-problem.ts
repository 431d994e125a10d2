import { type ErrorDetails, isHoldfastError } from '@holdfast/client';

export type ShortItem = Extract<ErrorDetails, { reason: 'INSUFFICIENT_STOCK' }>['items'][number];
type PaymentFailure = Extract<ErrorDetails, { reason: 'PAYMENT_FAILED' }>['failure'];

/** What went wrong, in the terms the storefront reacts to. */
export type ApiProblem =
  | { kind: 'insufficient-stock'; items: ShortItem[] }
  | { kind: 'price-changed'; expectedTotal: number; currentTotal: number }
  | { kind: 'cart-empty' }
  /** The card was refused: nothing was charged; the order still waits, its stock held, for another attempt. */
  | { kind: 'payment-declined'; declineCode: string }
  /** The provider failed or did not answer: nothing was charged; as after a decline, the order may be paid again. */
  | { kind: 'payment-failed'; failure: PaymentFailure }
  /** Another request holds this order's payment attempt; the same key, sent later, gets its outcome. */
  | { kind: 'payment-in-progress' }
  | { kind: 'order-not-payable'; status: string }
  | { kind: 'order-not-cancellable'; status: string }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'already-exists'; field: string }
  | { kind: 'registration-refused' }
  /** Not signed in (or the session ended), or a wrong email or password. */
  | { kind: 'unauthorized'; message: string }
  | { kind: 'invalid-input'; message: string; fieldErrors: Record<string, string[] | undefined> }
  | { kind: 'not-found'; message: string }
  /** Nothing was written on the server; the same request can simply be sent again. */
  | { kind: 'unavailable' }
  /** The request may or may not have arrived: only an idempotent retry is safe. */
  | { kind: 'unreachable' }
  | { kind: 'other'; message: string };

export function describeApiProblem(error: unknown): ApiProblem {
  if (!isHoldfastError(error) || !error.data) return { kind: 'unreachable' };
  const { code, details, zodError } = error.data;
  switch (details?.reason) {
    case 'INSUFFICIENT_STOCK':
      return { kind: 'insufficient-stock', items: details.items };
    case 'PRICE_CHANGED':
      return {
        kind: 'price-changed',
        expectedTotal: details.expectedTotal,
        currentTotal: details.currentTotal,
      };
    case 'CART_EMPTY':
      return { kind: 'cart-empty' };
    case 'PAYMENT_DECLINED':
      return { kind: 'payment-declined', declineCode: details.declineCode };
    case 'PAYMENT_FAILED':
      return { kind: 'payment-failed', failure: details.failure };
    case 'PAYMENT_IN_PROGRESS':
      return { kind: 'payment-in-progress' };
    case 'ORDER_NOT_PAYABLE':
      return { kind: 'order-not-payable', status: details.status };
    case 'ORDER_NOT_CANCELLABLE':
      return { kind: 'order-not-cancellable', status: details.status };
    case 'RATE_LIMITED':
      return { kind: 'rate-limited', retryAfterSeconds: details.retryAfterSeconds };
    case 'ALREADY_EXISTS':
      return { kind: 'already-exists', field: details.field };
    case 'REGISTRATION_REFUSED':
      return { kind: 'registration-refused' };
    case 'PRIMARY_UNAVAILABLE':
    case 'CONTENTION':
      return { kind: 'unavailable' };
    case 'IDEMPOTENCY_KEY_REUSED':
      return {
        kind: 'other',
        message: 'This checkout was already used for a different order. Please place the order again.',
      };
  }
  if (zodError) return { kind: 'invalid-input', message: error.message, fieldErrors: zodError.fieldErrors };
  if (code === 'NOT_FOUND') return { kind: 'not-found', message: error.message };
  if (code === 'UNAUTHORIZED') return { kind: 'unauthorized', message: error.message };
  // a limit hit without details (a proxy's, say) is still a reason to wait, not to retry at once
  if (code === 'TOO_MANY_REQUESTS') return { kind: 'rate-limited', retryAfterSeconds: 60 };
  if (code === 'SERVICE_UNAVAILABLE') return { kind: 'unavailable' };
  return { kind: 'other', message: error.message };
}
