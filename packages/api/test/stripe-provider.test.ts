import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentProviderError, providerKey } from '../src/payments/provider.ts';
import { configurePayments } from '../src/payments/settings.ts';
import { StripePaymentProvider } from '../src/payments/stripe-provider.ts';
import { FakeStripe, fakeStripeCards } from './fake-stripe.ts';
import { card, orderRecord, placedOrder, uniqueKey } from './payment-support.ts';
import { stockedProduct } from './support.ts';

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
