import { TRPCError } from '@trpc/server';

export interface ShortItem {
  sku: string;
  variantId: number;
  requested: number;
  available: number;
}

/** Machine-readable reasons a client can act on; they reach it as `error.data.details`. */
export type ErrorDetails =
  | { reason: 'INSUFFICIENT_STOCK'; items: ShortItem[] }
  | { reason: 'PRICE_CHANGED'; expectedTotal: number; currentTotal: number }
  | { reason: 'IDEMPOTENCY_KEY_REUSED' }
  | { reason: 'CART_EMPTY' }
  /** The rows stayed contended through every retry; the request is safe to send again. */
  | { reason: 'CONTENTION' }
  | { reason: 'PRIMARY_UNAVAILABLE' };

export class DetailedCause extends Error {
  readonly details: ErrorDetails;

  constructor(message: string, details: ErrorDetails) {
    super(message);
    this.details = details;
  }
}

export function appError(code: TRPCError['code'], message: string, details?: ErrorDetails): TRPCError {
  return new TRPCError({ code, message, cause: details ? new DetailedCause(message, details) : undefined });
}

export function insufficientStock(items: ShortItem[]): TRPCError {
  return appError('CONFLICT', `Not enough stock for ${items.map(({ sku }) => sku).join(', ')}`, {
    reason: 'INSUFFICIENT_STOCK',
    items,
  });
}
