import type { WebhookDelivery, WebhookReading } from './webhook.ts';

/**
 * The boundary between Holdfast and whoever moves the money. Every call carries an
 * idempotency key: the provider answers a repeated key with the first call's result instead
 * of acting again, which is what makes a retried payment safe.
 */
export interface PaymentProvider {
  /** Stored on each payment, and the namespace of the webhook events it sends. */
  readonly name: string;
  authorize(request: AuthorizeRequest): Promise<AuthorizeResult>;
  capture(request: CaptureRequest): Promise<void>;
  /** Returns captured money. */
  refund(request: RefundRequest): Promise<void>;
  /** Cancels an authorization, by its reference or, when the answer never arrived, by its key. */
  void(request: VoidRequest): Promise<void>;
  /** Checks a webhook delivery's signature with PAYMENT_WEBHOOK_SECRET and maps it onto a PaymentEvent. */
  readWebhook(delivery: WebhookDelivery, secret: string): WebhookReading;
}

/** Card data lives only in memory for the length of the provider call. */
export interface CardDetails {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

interface ProviderCall {
  idempotencyKey: string;
  /** Aborted when the caller stops waiting; a provider may have acted anyway. */
  signal?: AbortSignal;
}

export interface AuthorizeRequest extends ProviderCall {
  amountCents: number;
  card: CardDetails;
  /** Shown on the provider's side (the order number), never used to find anything. */
  description: string;
  /** Our payment's key, as metadata the provider echoes back in its webhook events. */
  paymentKey: string;
}

export type AuthorizeResult =
  | { outcome: 'approved'; reference: string }
  | { outcome: 'declined'; declineCode: string }
  /** The customer must still confirm (3-D Secure, a bank app): the outcome arrives by webhook. */
  | { outcome: 'pending'; reference: string };

export interface CaptureRequest extends ProviderCall {
  reference: string;
  amountCents: number;
}

export interface RefundRequest extends ProviderCall {
  reference: string;
  amountCents: number;
}

export interface VoidRequest extends ProviderCall {
  reference?: string;
  /** The authorization's own key, for an authorization whose answer was lost. */
  authorizationKey: string;
}

/** The provider could not be reached or failed; the call may or may not have taken effect. */
export class PaymentProviderError extends Error {
  readonly code: 'provider_error' | 'timeout';

  constructor(code: 'provider_error' | 'timeout', message: string) {
    super(message);
    this.code = code;
  }
}

/** Waits for `call` at most `timeoutMs`; the provider's signal is aborted when the wait ends. */
export async function withTimeout<T>(
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<T>,
  what: string,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new PaymentProviderError('timeout', `${what} got no answer within ${timeoutMs}ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([call(controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Keys for the provider, derived from the payment's key, so each kind of call is deduplicated on its own. */
export function providerKey(
  paymentKey: string,
  operation: 'authorize' | 'capture' | 'refund' | 'void',
): string {
  return `${paymentKey}:${operation}`;
}
