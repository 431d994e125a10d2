import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AuthorizeRequest,
  type AuthorizeResult,
  type CaptureRequest,
  type PaymentProvider,
  PaymentProviderError,
  type RefundRequest,
  type VoidRequest,
} from './provider.ts';
import { readHoldfastWebhook, type WebhookDelivery, type WebhookReading } from './webhook.ts';

/** Card numbers the test provider understands; any other number is declined as `card_not_supported`. */
export const testCards = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
  /** Answers (approved) only after `hangMs`: longer than the call timeout, it is a timeout. */
  hangs: '4000000000000119',
  /** Fails with a provider error after `failDelayMs`. */
  failsAfterDelay: '4000000000009995',
  /** Answers `pending`: the outcome arrives later as a webhook event. */
  needsConfirmation: '4000000000003220',
} as const;

export interface TestProviderOptions {
  hangMs?: number;
  failDelayMs?: number;
  /** The moment expiry dates are checked against; defaults to the clock. */
  now?: () => Date;
}

export type TestChargeState = 'authorized' | 'pending' | 'captured' | 'declined' | 'voided' | 'refunded';

export interface TestProviderCall {
  operation: 'authorize' | 'capture' | 'refund' | 'void';
  idempotencyKey: string;
}

export interface TestCharge {
  reference: string;
  /** The metadata a real provider would echo back in webhook events. */
  paymentKey: string | undefined;
  amountCents: number;
  state: TestChargeState;
}

/**
 * An in-memory provider whose behaviour the card number chooses, with the idempotency a real
 * one has: a repeated key gets the first answer and moves no money. It records every call, so
 * tests can count what actually reached the provider.
 */
export class TestPaymentProvider implements PaymentProvider {
  readonly name = 'test';
  readonly calls: TestProviderCall[] = [];
  readonly #options: Required<TestProviderOptions>;
  readonly #answers = new Map<string, Promise<unknown>>();
  readonly #charges = new Map<string, TestCharge>();
  readonly #callWaiters = new Set<{ matches: (call: TestProviderCall) => boolean; resolve: () => void }>();

  constructor(options: TestProviderOptions = {}) {
    this.#options = {
      hangMs: options.hangMs ?? 30_000,
      failDelayMs: options.failDelayMs ?? 200,
      now: options.now ?? (() => new Date()),
    };
  }

  authorize(request: AuthorizeRequest): Promise<AuthorizeResult> {
    return this.#once('authorize', request.idempotencyKey, async () => {
      const { card } = request;
      const reference = this.#referenceFor(request.idempotencyKey);
      const now = this.#options.now();
      if (
        card.expYear < now.getUTCFullYear() ||
        (card.expYear === now.getUTCFullYear() && card.expMonth < now.getUTCMonth() + 1)
      ) {
        return this.#declined(reference, request, 'expired_card');
      }
      switch (card.number) {
        case testCards.succeeds:
          return this.#approved(reference, request);
        case testCards.declined:
          return this.#declined(reference, request, 'card_declined');
        case testCards.hangs:
          // the remote side keeps working after the caller gave up; a void that arrived first wins
          await sleep(this.#options.hangMs);
          if (this.#charges.get(reference)?.state === 'voided')
            return { outcome: 'declined', declineCode: 'voided' };
          return this.#approved(reference, request);
        case testCards.failsAfterDelay:
          await sleep(this.#options.failDelayMs);
          throw new PaymentProviderError('provider_error', 'test provider: processing error');
        case testCards.needsConfirmation:
          this.#charges.set(reference, this.#newCharge(reference, request, 'pending'));
          return { outcome: 'pending', reference };
        default:
          return this.#declined(reference, request, 'card_not_supported');
      }
    });
  }

  capture(request: CaptureRequest): Promise<void> {
    return this.#once('capture', request.idempotencyKey, async () => {
      const charge = this.#charge(request.reference);
      if (charge.state !== 'authorized')
        throw new PaymentProviderError('provider_error', `cannot capture a ${charge.state} charge`);
      charge.state = 'captured';
    });
  }

  refund(request: RefundRequest): Promise<void> {
    return this.#once('refund', request.idempotencyKey, async () => {
      const charge = this.#charge(request.reference);
      if (charge.state !== 'captured')
        throw new PaymentProviderError('provider_error', `cannot refund a ${charge.state} charge`);
      charge.state = 'refunded';
    });
  }

  void(request: VoidRequest): Promise<void> {
    return this.#once('void', request.idempotencyKey, async () => {
      const reference = request.reference ?? this.#referenceFor(request.authorizationKey);
      const charge = this.#charges.get(reference);
      if (!charge) {
        // the authorization has not been seen yet (its answer is still on the way): it must not go through
        this.#charges.set(reference, { reference, paymentKey: undefined, amountCents: 0, state: 'voided' });
        return;
      }
      if (charge.state === 'captured')
        throw new PaymentProviderError('provider_error', 'cannot void a captured charge');
      if (charge.state === 'authorized' || charge.state === 'pending') charge.state = 'voided';
    });
  }

  readWebhook(delivery: WebhookDelivery, secret: string): WebhookReading {
    return readHoldfastWebhook(delivery, secret);
  }

  /** What the provider holds for a charge: `undefined` when nothing reached it. */
  chargeState(reference: string): TestChargeState | undefined {
    return this.#charges.get(reference)?.state;
  }

  /** Every charge the provider holds, as its dashboard would list them. */
  charges(): TestCharge[] {
    return [...this.#charges.values()].map((charge) => ({ ...charge }));
  }

  /** Money the provider has taken and not given back, summed over all charges. */
  capturedCents(): number {
    let total = 0;
    for (const charge of this.#charges.values()) if (charge.state === 'captured') total += charge.amountCents;
    return total;
  }

  /** Settles a `pending` (needs-confirmation) charge, as the customer confirming or abandoning it would. */
  confirm(reference: string, outcome: 'captured' | 'declined'): void {
    const charge = this.#charge(reference);
    if (charge.state !== 'pending') throw new Error(`charge ${reference} is ${charge.state}, not pending`);
    charge.state = outcome;
  }

  /** Resolves at the first call that matches (already made or still to come). */
  whenCalled(operation: TestProviderCall['operation'], idempotencyKey?: string): Promise<void> {
    const matches = (call: TestProviderCall) =>
      call.operation === operation &&
      (idempotencyKey === undefined || call.idempotencyKey === idempotencyKey);
    if (this.calls.some(matches)) return Promise.resolve();
    return new Promise((resolve) => this.#callWaiters.add({ matches, resolve }));
  }

  #once<T>(
    operation: TestProviderCall['operation'],
    idempotencyKey: string,
    act: () => Promise<T>,
  ): Promise<T> {
    const call = { operation, idempotencyKey };
    this.calls.push(call);
    for (const waiter of this.#callWaiters) {
      if (!waiter.matches(call)) continue;
      this.#callWaiters.delete(waiter);
      waiter.resolve();
    }
    const scopedKey = `${operation}:${idempotencyKey}`;
    const earlier = this.#answers.get(scopedKey);
    if (earlier) return earlier as Promise<T>;
    const answer = act();
    this.#answers.set(scopedKey, answer);
    // a failed call is not remembered: the same key may try again, as with real providers' 5xx answers
    answer.catch(() => this.#answers.delete(scopedKey));
    return answer;
  }

  #approved(reference: string, request: AuthorizeRequest): AuthorizeResult {
    this.#charges.set(reference, this.#newCharge(reference, request, 'authorized'));
    return { outcome: 'approved', reference };
  }

  #declined(reference: string, request: AuthorizeRequest, declineCode: string): AuthorizeResult {
    this.#charges.set(reference, this.#newCharge(reference, request, 'declined'));
    return { outcome: 'declined', declineCode };
  }

  #newCharge(reference: string, request: AuthorizeRequest, state: TestChargeState): TestCharge {
    return { reference, paymentKey: request.paymentKey, amountCents: request.amountCents, state };
  }

  #charge(reference: string): TestCharge {
    const charge = this.#charges.get(reference);
    if (!charge) throw new PaymentProviderError('provider_error', `no charge ${reference}`);
    return charge;
  }

  #referenceFor(authorizationKey: string): string {
    return `tp_${createHash('sha256').update(authorizationKey).digest('hex').slice(0, 24)}`;
  }
}
