import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeStripe, fakeStripeCards } from '../../test/fake-stripe.ts';
import { card, orderRecord, placedOrder, uniqueKey } from '../../test/payment-support.ts';
import { stockedProduct } from '../../test/support.ts';
import { applyPaymentEvent } from './payment-events.ts';
import { PaymentProviderError, providerKey } from './provider.ts';
import { configurePayments } from './settings.ts';
import { StripePaymentProvider } from './stripe-provider.ts';
import { readStripeWebhook, signStripeEvent } from './stripe-webhook.ts';

const secretKey = 'sk_test_fake_key';
let stripe: FakeStripe;
let apiUrl: string;
let provider: StripePaymentProvider;
let t: TestDatabase;
beforeAll(async () => {
  stripe = new FakeStripe(secretKey);
  apiUrl = await stripe.start();
  provider = new StripePaymentProvider({ secretKey, apiUrl, currency: 'eur' });
  t = await createTestDatabase();
});
afterAll(async () => {
  await stripe.stop();
  await t.drop();
});

function authorization(number: string, paymentKey = uniqueKey('pay')) {
  return {
    idempotencyKey: providerKey(paymentKey, 'authorize'),
    paymentKey,
    amountCents: 1_250,
    description: 'Order HF-TEST',
    card: card(number),
  };
}

describe('the Stripe-style adapter, against a local fake', () => {
  it('authorizes with a manual-capture intent carrying our keys, captures and refunds it', async () => {
    const request = authorization(fakeStripeCards.succeeds);
    const result = await provider.authorize(request);
    expect(result).toEqual({ outcome: 'approved', reference: expect.stringMatching(/^pi_/) });
    if (result.outcome !== 'approved') return;
    const created = stripe.calls.find((call) => call.path === '/v1/payment_intents');
    expect(created).toMatchObject({
      idempotencyKey: request.idempotencyKey,
      form: {
        amount: '1250',
        currency: 'eur',
        capture_method: 'manual',
        confirm: 'true',
        'metadata[payment_key]': request.paymentKey,
      },
    });
    await provider.capture({
      idempotencyKey: providerKey(request.paymentKey, 'capture'),
      reference: result.reference,
      amountCents: 1_250,
    });
    expect(stripe.intents.get(result.reference)?.status).toBe('succeeded');
    await provider.refund({
      idempotencyKey: providerKey(request.paymentKey, 'refund'),
      reference: result.reference,
      amountCents: 1_250,
    });
    expect(stripe.intents.get(result.reference)?.refunded).toBe(true);
  });

  it('a declined card is a decline with its code; a card that needs the customer is pending', async () => {
    expect(await provider.authorize(authorization(fakeStripeCards.declined))).toEqual({
      outcome: 'declined',
      declineCode: 'generic_decline',
    });
    expect(await provider.authorize(authorization(fakeStripeCards.needsAction))).toMatchObject({
      outcome: 'pending',
    });
  });

  it('a retried authorization (same key) is answered with the first one and makes no second intent', async () => {
    const request = authorization(fakeStripeCards.succeeds);
    const first = await provider.authorize(request);
    const intentsBefore = stripe.intents.size;
    expect(await provider.authorize(request)).toEqual(first);
    expect(stripe.intents.size).toBe(intentsBefore);
  });

  it('voids an authorization whose answer was lost, found by its key', async () => {
    const request = authorization(fakeStripeCards.succeeds);
    const result = await provider.authorize(request);
    if (result.outcome !== 'approved') throw new Error('expected an approval');
    await provider.void({
      idempotencyKey: providerKey(request.paymentKey, 'void'),
      authorizationKey: request.idempotencyKey,
    });
    expect(stripe.intents.get(result.reference)?.status).toBe('canceled');
  });

  it('a provider failure or a wrong key is a PaymentProviderError, never a decline', async () => {
    stripe.failing = true;
    await expect(provider.authorize(authorization(fakeStripeCards.succeeds))).rejects.toBeInstanceOf(
      PaymentProviderError,
    );
    stripe.failing = false;
    const wrongKey = new StripePaymentProvider({ secretKey: 'sk_wrong', apiUrl, currency: 'eur' });
    await expect(wrongKey.authorize(authorization(fakeStripeCards.succeeds))).rejects.toMatchObject({
      code: 'provider_error',
    });
  });

  it('behind the existing interface: checkout.pay through the adapter pays the order', async () => {
    configurePayments(t.db, { provider, callTimeoutMs: 5_000 });
    const { variants } = await stockedProduct(t, [{ priceCents: 700, stock: 3 }]);
    const buyer = await placedOrder(t, [[variants[0]?.id ?? 0, 2]]);
    const paid = await buyer.api.checkout.pay({
      orderNumber: buyer.order.number,
      email: buyer.email,
      card: card(fakeStripeCards.succeeds),
      idempotencyKey: uniqueKey('stripe-pay'),
    });
    expect(paid).toMatchObject({ status: 'paid', payment: { status: 'captured', cardLast4: '4242' } });
    expect(await orderRecord(t, buyer.order.number)).toMatchObject({ status: 'paid' });
    const captured = [...stripe.intents.values()].filter(
      (intent) => intent.amount === 1_400 && intent.status === 'succeeded',
    );
    expect(captured).toHaveLength(1);
  });
});

const webhookSecret = 'whsec_fake';

/** A delivery as Stripe would send it, signed `secondsAgo` ago. */
function stripeDelivery(event: unknown, { secret = webhookSecret, secondsAgo = 0 } = {}) {
  const rawBody = Buffer.from(JSON.stringify(event));
  const signature = signStripeEvent(rawBody, secret, Math.floor(Date.now() / 1000) - secondsAgo);
  return { rawBody, header: (name: string) => (name === 'stripe-signature' ? signature : undefined) };
}

function intentEvent(type: string, object: Record<string, unknown>) {
  return { id: uniqueKey('evt'), type, data: { object } };
}

describe('Stripe webhook deliveries', () => {
  it('a PaymentIntent outcome becomes Holdfast event: its id the reference, our key from its metadata', () => {
    const succeeded = intentEvent('payment_intent.succeeded', {
      id: 'pi_1',
      metadata: { payment_key: 'key-1' },
    });
    expect(readStripeWebhook(stripeDelivery(succeeded), webhookSecret)).toEqual({
      verdict: 'event',
      event: {
        id: succeeded.id,
        type: 'payment.succeeded',
        data: { reference: 'pi_1', paymentKey: 'key-1' },
      },
    });
    const failed = intentEvent('payment_intent.payment_failed', {
      id: 'pi_2',
      metadata: { payment_key: 'key-2' },
      last_payment_error: { code: 'card_declined', decline_code: 'insufficient_funds' },
    });
    expect(readStripeWebhook(stripeDelivery(failed), webhookSecret)).toMatchObject({
      event: {
        type: 'payment.failed',
        data: { reference: 'pi_2', paymentKey: 'key-2', declineCode: 'insufficient_funds' },
      },
    });
  });

  it('a wrong secret, a stale or missing signature is a bad signature; other events are ignored; junk is not an event', () => {
    const event = intentEvent('payment_intent.succeeded', { id: 'pi_3', metadata: { payment_key: 'key-3' } });
    expect(readStripeWebhook(stripeDelivery(event, { secret: 'whsec_other' }), webhookSecret)).toEqual({
      verdict: 'bad_signature',
    });
    expect(readStripeWebhook(stripeDelivery(event, { secondsAgo: 600 }), webhookSecret)).toEqual({
      verdict: 'bad_signature',
    });
    const unsigned = { rawBody: Buffer.from(JSON.stringify(event)), header: () => undefined };
    expect(readStripeWebhook(unsigned, webhookSecret)).toEqual({ verdict: 'bad_signature' });
    const refund = intentEvent('charge.refunded', { id: 'ch_1' });
    expect(readStripeWebhook(stripeDelivery(refund), webhookSecret)).toEqual({
      verdict: 'ignored',
      eventId: refund.id,
      type: 'charge.refunded',
    });
    expect(readStripeWebhook(stripeDelivery('not an event'), webhookSecret)).toEqual({
      verdict: 'not_an_event',
    });
  });

  it('a payment that needed the customer is paid when Stripe reports the intent succeeded', async () => {
    const settings = configurePayments(t.db, { provider, callTimeoutMs: 5_000 });
    const { variants } = await stockedProduct(t, [{ priceCents: 900, stock: 3 }]);
    const buyer = await placedOrder(t, [[variants[0]?.id ?? 0, 1]]);
    const paymentKey = uniqueKey('stripe-3ds');
    const pending = await buyer.api.checkout.pay({
      orderNumber: buyer.order.number,
      email: buyer.email,
      card: card(fakeStripeCards.needsAction),
      idempotencyKey: paymentKey,
    });
    expect(pending).toMatchObject({ status: 'awaiting_payment', payment: { status: 'pending' } });
    const intent = [...stripe.intents.values()].find(
      (candidate) => candidate.metadata.payment_key === paymentKey,
    );
    if (!intent) throw new Error('the fake holds the intent');
    intent.status = 'succeeded';

    const reading = provider.readWebhook(
      stripeDelivery(intentEvent('payment_intent.succeeded', { id: intent.id, metadata: intent.metadata })),
      webhookSecret,
    );
    if (reading.verdict !== 'event') throw new Error(`expected an event, got ${reading.verdict}`);

    expect(await applyPaymentEvent(t.db, settings, reading.event)).toBe('applied');
    expect(await orderRecord(t, buyer.order.number)).toMatchObject({
      status: 'paid',
      payments: [{ status: 'captured' }],
    });
  });
});
