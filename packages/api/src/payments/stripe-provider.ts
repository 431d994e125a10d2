import {
  type AuthorizeRequest,
  type AuthorizeResult,
  type CaptureRequest,
  type PaymentProvider,
  PaymentProviderError,
  type RefundRequest,
  type VoidRequest,
} from './provider.ts';
import { readStripeWebhook } from './stripe-webhook.ts';
import type { WebhookDelivery, WebhookReading } from './webhook.ts';

export interface StripeProviderOptions {
  secretKey: string;
  /** https://api.stripe.com; tests point it at a local fake. */
  apiUrl: string;
  /** ISO code, lower case; amounts are in its minor unit, as everywhere in Holdfast. */
  currency: string;
}

interface StripeError {
  error?: {
    type?: string;
    code?: string;
    decline_code?: string;
    message?: string;
    payment_intent?: { id: string };
  };
}

interface PaymentIntent {
  id: string;
  status: string;
}

/**
 * The PaymentProvider interface spoken to a Stripe-style API: form-encoded POSTs with a bearer
 * secret key, and our idempotency key as `Idempotency-Key`, so a retried call is answered with
 * the first call's result. An authorization is a PaymentIntent confirmed with
 * `capture_method=manual`, carrying our payment's key as `metadata[payment_key]` for the
 * webhook events. Card details go to `/v1/payment_methods`, which Stripe only accepts from
 * accounts cleared to send raw card data; others collect the card with Stripe's own form and
 * pass its PaymentMethod instead.
 */
export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe';
  readonly #options: StripeProviderOptions;

  constructor(options: StripeProviderOptions) {
    this.#options = options;
  }

  async authorize(request: AuthorizeRequest): Promise<AuthorizeResult> {
    const { card } = request;
    const method = await this.#post<{ id: string }>(
      '/v1/payment_methods',
      {
        type: 'card',
        'card[number]': card.number,
        'card[exp_month]': card.expMonth,
        'card[exp_year]': card.expYear,
        'card[cvc]': card.cvc,
      },
      { idempotencyKey: `${request.idempotencyKey}:method`, signal: request.signal },
    );
    if ('declineCode' in method) return { outcome: 'declined', declineCode: method.declineCode };
    const intent = await this.#post<PaymentIntent>(
      '/v1/payment_intents',
      {
        amount: request.amountCents,
        currency: this.#options.currency,
        payment_method: method.id,
        confirm: 'true',
        capture_method: 'manual',
        description: request.description,
        'metadata[payment_key]': request.paymentKey,
        // what void looks the intent up by when this call's answer never arrived
        'metadata[authorization_key]': request.idempotencyKey,
      },
      request,
    );
    if ('declineCode' in intent) return { outcome: 'declined', declineCode: intent.declineCode };
    switch (intent.status) {
      case 'requires_capture':
        return { outcome: 'approved', reference: intent.id };
      case 'requires_action':
      case 'processing':
        return { outcome: 'pending', reference: intent.id };
      default:
        throw new PaymentProviderError('provider_error', `payment intent ${intent.id} is ${intent.status}`);
    }
  }

  async capture(request: CaptureRequest): Promise<void> {
    await this.#act(
      `/v1/payment_intents/${encodeURIComponent(request.reference)}/capture`,
      {
        amount_to_capture: request.amountCents,
      },
      request,
    );
  }

  async refund(request: RefundRequest): Promise<void> {
    await this.#act(
      '/v1/refunds',
      { payment_intent: request.reference, amount: request.amountCents },
      request,
    );
  }

  /**
   * Without a reference (the authorization's answer was lost) the intent is found by our key in
   * its metadata. Stripe's search is eventually consistent, so an intent made a moment ago may
   * not be found yet: that is a provider error, and the caller's retry or the webhook settles it.
   */
  async void(request: VoidRequest): Promise<void> {
    const reference = request.reference ?? (await this.#findByKey(request.authorizationKey, request.signal));
    await this.#act(`/v1/payment_intents/${encodeURIComponent(reference)}/cancel`, {}, request);
  }

  readWebhook(delivery: WebhookDelivery, secret: string): WebhookReading {
    return readStripeWebhook(delivery, secret);
  }

  async #findByKey(authorizationKey: string, signal: AbortSignal | undefined): Promise<string> {
    const quoted = authorizationKey.replaceAll("'", "\\'");
    const query = new URLSearchParams({ query: `metadata['authorization_key']:'${quoted}'` });
    const found = await this.#request<{ data: PaymentIntent[] }>(`/v1/payment_intents/search?${query}`, {
      signal,
    });
    const intent = found.data[0];
    if (!intent) throw new PaymentProviderError('provider_error', 'no payment intent found for this key yet');
    return intent.id;
  }

  /** A call that must succeed: a decline here (capturing a cancelled intent, say) is the provider refusing. */
  async #act(
    path: string,
    form: Record<string, string | number>,
    call: { idempotencyKey: string; signal?: AbortSignal },
  ) {
    const answer = await this.#post<PaymentIntent>(path, form, call);
    if ('declineCode' in answer)
      throw new PaymentProviderError('provider_error', `${path} refused: ${answer.declineCode}`);
    return answer;
  }

  /** A card error is an answer (a decline), not a failure; anything else that is not a 2xx is a provider error. */
  async #post<T>(
    path: string,
    form: Record<string, string | number>,
    { idempotencyKey, signal }: { idempotencyKey: string; signal?: AbortSignal },
  ): Promise<T | { declineCode: string }> {
    const body = new URLSearchParams(
      Object.entries(form).map(([key, value]): [string, string] => [key, String(value)]),
    );
    try {
      return await this.#request<T>(path, {
        method: 'POST',
        body,
        headers: { 'idempotency-key': idempotencyKey },
        signal,
      });
    } catch (error) {
      if (error instanceof CardError) return { declineCode: error.declineCode };
      throw error;
    }
  }

  async #request<T>(path: string, init: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.#options.apiUrl}${path}`, {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${this.#options.secretKey}` },
      });
    } catch (error) {
      const aborted = init.signal?.aborted === true;
      throw new PaymentProviderError(
        aborted ? 'timeout' : 'provider_error',
        `${path}: ${(error as Error).message}`,
      );
    }
    const answer = (await response.json().catch(() => ({}))) as T & StripeError;
    if (response.ok) return answer;
    if (answer.error?.type === 'card_error')
      throw new CardError(answer.error.decline_code ?? answer.error.code ?? 'card_declined');
    // the message only: Stripe's error bodies never echo the secret key, and card numbers are not in them
    throw new PaymentProviderError(
      'provider_error',
      `${path}: ${response.status} ${answer.error?.message ?? ''}`.trim(),
    );
  }
}

class CardError extends Error {
  readonly declineCode: string;

  constructor(declineCode: string) {
    super(`card declined: ${declineCode}`);
    this.declineCode = declineCode;
  }
}
