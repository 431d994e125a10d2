import { ContentionError } from '@holdfast/db';
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
  /** The rows stayed contended through every retry, or too many checkouts of an item were queued; safe to send again. */
  | { reason: 'CONTENTION' }
  | { reason: 'PRIMARY_UNAVAILABLE' }
  /** A statement outlived its statement timeout, or no database connection freed up in time; nothing was written. */
  | { reason: 'DATABASE_TIMEOUT' }
  /** A replica read lost its connection, and so did its one retry on another server. */
  | { reason: 'REPLICA_UNAVAILABLE' }
  /** The card was refused; the order still awaits payment, its stock held: another card may pay it. */
  | { reason: 'PAYMENT_DECLINED'; declineCode: string }
  /** The provider failed or did not answer in time; nothing was charged and, as after a decline, the order may be paid again. */
  | { reason: 'PAYMENT_FAILED'; failure: 'provider_error' | 'timeout' }
  /**
   * Another request is paying this order (or did, and may have died: its lease says how long it
   * is presumed alive); send the same key again after `retryAfterSeconds` for the outcome.
   */
  | { reason: 'PAYMENT_IN_PROGRESS'; retryAfterSeconds: number }
  | { reason: 'ORDER_NOT_PAYABLE'; status: string }
  | { reason: 'ORDER_NOT_CANCELLABLE'; status: string }
  | { reason: 'ORDER_NOT_REFUNDABLE'; status: string }
  /** The provider could not be reached for a refund; nothing changed, the request is safe to send again. */
  | { reason: 'PAYMENT_PROVIDER_UNAVAILABLE' }
  /**
   * This server process is checking as many passwords as it may at once (PASSWORD_HASH_CONCURRENCY,
   * PASSWORD_HASH_QUEUE); the password was not checked and nothing was written: try again after the wait.
   */
  | { reason: 'PASSWORDS_BUSY'; retryAfterSeconds: number }
  /** Too many attempts (logins, registrations) from this address or for this account; try again after the wait. */
  | { reason: 'RATE_LIMITED'; retryAfterSeconds: number }
  /** An email, product slug or sku that must be unique is taken. */
  | { reason: 'ALREADY_EXISTS'; field: 'slug' | 'sku'; values: string[] }
  /**
   * account.register could not create the account. The same answer whatever the cause: a
   * stranger must not learn from it that an email has an account.
   */
  | { reason: 'REGISTRATION_REFUSED' };

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

/** The items' rows are too contended right now; the request is safe to send again. */
export function contention(): TRPCError {
  return appError('CONFLICT', 'Too many buyers at once for these items; please try again', {
    reason: 'CONTENTION',
  });
}

/** The machine-readable reason an error of the API carries, if it carries one. */
export function reasonOf(error: unknown): ErrorDetails['reason'] | undefined {
  return error instanceof TRPCError && error.cause instanceof DetailedCause
    ? error.cause.details.reason
    : undefined;
}

/** Contention as the database's retries report it (ContentionError) or as the API answers it. */
export function isContention(error: unknown): boolean {
  return error instanceof ContentionError || reasonOf(error) === 'CONTENTION';
}

export function insufficientStock(items: ShortItem[]): TRPCError {
  return appError('CONFLICT', `Not enough stock for ${items.map(({ sku }) => sku).join(', ')}`, {
    reason: 'INSUFFICIENT_STOCK',
    items,
  });
}

/** Another request's payment attempt holds its lease until `leaseExpiresAt`; the client may try again after it. */
export function paymentInProgress(leaseExpiresAt: Date, now: Date): TRPCError {
  const retryAfterSeconds = Math.max(1, Math.ceil((leaseExpiresAt.getTime() - now.getTime()) / 1000));
  return appError(
    'CONFLICT',
    `A payment for this order is in progress; try again in ${retryAfterSeconds} s with the same key`,
    { reason: 'PAYMENT_IN_PROGRESS', retryAfterSeconds },
  );
}
