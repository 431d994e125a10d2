import { type ErrorDetails, isHoldfastError } from '@holdfast/client';

export type ShortItem = Extract<ErrorDetails, { reason: 'INSUFFICIENT_STOCK' }>['items'][number];

/** What went wrong, in the terms the storefront reacts to. */
export type ApiProblem =
  | { kind: 'insufficient-stock'; items: ShortItem[] }
  | { kind: 'price-changed'; expectedTotal: number; currentTotal: number }
  | { kind: 'cart-empty' }
  /** The card was refused: the order is not paid and its items went back on sale. */
  | { kind: 'payment-declined' }
  /** The provider failed or timed out: nothing was charged twice, the same attempt may be sent again. */
  | { kind: 'payment-failed' }
  /** Another request is paying this order right now. */
  | { kind: 'payment-in-progress' }
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
      return { kind: 'payment-declined' };
    case 'PAYMENT_FAILED':
    case 'PAYMENT_PROVIDER_UNAVAILABLE':
      return { kind: 'payment-failed' };
    case 'PAYMENT_IN_PROGRESS':
      return { kind: 'payment-in-progress' };
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
  if (code === 'SERVICE_UNAVAILABLE') return { kind: 'unavailable' };
  return { kind: 'other', message: error.message };
}
