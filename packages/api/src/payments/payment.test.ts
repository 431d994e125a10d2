import { performance } from 'node:perf_hooks';
import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  card,
  expectConsistentStock,
  orderRecord,
  placedOrder,
  uniqueKey,
} from '../../test/payment-support.ts';
import { detailsOf, newCaller, refusal, stockedProduct } from '../../test/support.ts';
import { configurePayments } from './settings.ts';
import { TestPaymentProvider, testCards } from './test-provider.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

function useProvider(
  options: ConstructorParameters<typeof TestPaymentProvider>[0] = {},
  callTimeoutMs = 5_000,
) {
  const provider = new TestPaymentProvider(options);
  configurePayments(t.db, { provider, callTimeoutMs });
  return provider;
}

async function oneVariant(stock: number, priceCents = 1000) {
  const { variants } = await stockedProduct(t, [{ priceCents, stock }]);
  const [variant] = variants;
  if (!variant) throw new Error('fixture has a variant');
  return variant;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

describe('checkout.pay', () => {
  it('a good card pays the order: payment captured with only the last four digits kept, stock stays taken', async () => {
    const provider = useProvider();
    const variant = await oneVariant(5, 1250);
    const { api, order, email } = await placedOrder(t, [[variant.id, 2]]);
    const key = uniqueKey('pay');

    const paid = await api.checkout.pay({
      orderNumber: order.number,
      email,
      card: card(),
      idempotencyKey: key,
    });

    expect(paid).toMatchObject({
      number: order.number,
      status: 'paid',
      totalCents: 2500,
      payment: { status: 'captured', cardLast4: '4242' },
    });
    expect(await orderRecord(t, order.number)).toMatchObject({
      status: 'paid',
      payments: [{ status: 'captured', card_last4: '4242', failure_code: null }],
      movements: [{ variant_id: variant.id, delta: -2, reason: 'order' }],
    });
    expect(await t.stockAndLedger(variant.id)).toEqual({ stock: 3, ledger: 3 });
    expect(provider.capturedCents()).toBe(2500);
    const [row] = await t.sql<{ payment: string }>(
      'primary',
      `select row_to_json(p)::text as payment from payment p join orders o on o.id = p.order_id where o.number = $1`,
      [order.number],
    );
    expect(row?.payment).not.toContain(testCards.succeeds);
    expect(row?.payment).not.toContain('424242');

    // the same request again is answered from the database: no second charge
    const callsBefore = provider.calls.length;
    const again = await newCaller(t).api.checkout.pay({
      orderNumber: order.number,
      email,
      card: card(),
      idempotencyKey: key,
    });
    expect(again).toEqual(paid);
    expect(provider.calls.length).toBe(callsBefore);
    expect(provider.capturedCents()).toBe(2500);
    await expectConsistentStock(t);
  });

  it('a declined card keeps the order and its stock for another attempt, which may pay it; the same key replays the decline', async () => {
    useProvider();
    const { variants } = await stockedProduct(t, [
      { priceCents: 300, stock: 10 },
      { priceCents: 700, stock: 4 },
    ]);
    const [a, b] = variants;
    if (!a || !b) throw new Error('fixture has two variants');
    const { api, order, email } = await placedOrder(t, [
      [a.id, 3],
      [b.id, 4],
    ]);
    expect(await t.stockAndLedger(a.id)).toEqual({ stock: 7, ledger: 7 });
    expect(await t.stockAndLedger(b.id)).toEqual({ stock: 0, ledger: 0 });
    const request = {
      orderNumber: order.number,
      email,
      card: card(testCards.declined),
      idempotencyKey: uniqueKey('declined'),
    };

    const error = await refusal(api.checkout.pay(request));

    expect(error.code).toBe('BAD_REQUEST');
    expect(detailsOf(error)).toEqual({ reason: 'PAYMENT_DECLINED', declineCode: 'card_declined' });
    const held = [
      { variant_id: a.id, delta: -3, reason: 'order' },
      { variant_id: b.id, delta: -4, reason: 'order' },
    ];
    expect(await orderRecord(t, order.number)).toEqual({
      status: 'awaiting_payment',
      payments: [{ status: 'declined', card_last4: '0002', failure_code: 'card_declined' }],
      movements: held,
    });
    // the stock stays with the order: nobody else can buy the last four of b meanwhile
    expect(await t.stockAndLedger(a.id)).toEqual({ stock: 7, ledger: 7 });
    expect(await t.stockAndLedger(b.id)).toEqual({ stock: 0, ledger: 0 });

    // a retry with the same key gets the same answer and charges nothing
    const replay = await refusal(newCaller(t).api.checkout.pay(request));
    expect(detailsOf(replay)).toEqual({ reason: 'PAYMENT_DECLINED', declineCode: 'card_declined' });
    // another card is another attempt, and pays the order
    const paid = await api.checkout.pay({
      ...request,
      card: card(),
      idempotencyKey: uniqueKey('after-decline'),
    });
    expect(paid).toMatchObject({ status: 'paid', payment: { status: 'captured', cardLast4: '4242' } });
    expect(await orderRecord(t, order.number)).toEqual({
      status: 'paid',
      payments: [
        { status: 'declined', card_last4: '0002', failure_code: 'card_declined' },
        { status: 'captured', card_last4: '4242', failure_code: null },
      ],
      movements: held,
    });
    expect(await t.stockAndLedger(b.id)).toEqual({ stock: 0, ledger: 0 });
    await expectConsistentStock(t);
  });

  it('a provider error after a delay: BAD_GATEWAY, payment failed, the order still payable with its stock held', async () => {
    const provider = useProvider({ failDelayMs: 150 });
    const variant = await oneVariant(3);
    const { api, order, email } = await placedOrder(t, [[variant.id, 2]]);

    const error = await refusal(
      api.checkout.pay({
        orderNumber: order.number,
        email,
        card: card(testCards.failsAfterDelay),
        idempotencyKey: uniqueKey('fails'),
      }),
    );

    expect(error.code).toBe('BAD_GATEWAY');
    expect(detailsOf(error)).toEqual({ reason: 'PAYMENT_FAILED', failure: 'provider_error' });
    expect(await orderRecord(t, order.number)).toMatchObject({
      status: 'awaiting_payment',
      payments: [{ status: 'failed', failure_code: 'provider_error' }],
    });
    expect(await t.stockAndLedger(variant.id)).toEqual({ stock: 1, ledger: 1 });
    expect(provider.capturedCents()).toBe(0);
    await expectConsistentStock(t);
  });

  it('a provider that does not answer within the call timeout: GATEWAY_TIMEOUT, the late authorization is voided, the order still payable', async () => {
    const provider = useProvider({ hangMs: 1_000 }, 150);
    const variant = await oneVariant(3);
    const { api, order, email } = await placedOrder(t, [[variant.id, 1]]);
    const key = uniqueKey('timeout');

    const error = await refusal(
      api.checkout.pay({
        orderNumber: order.number,
        email,
        card: card(testCards.hangs),
        idempotencyKey: key,
      }),
    );

    expect(error.code).toBe('GATEWAY_TIMEOUT');
    expect(detailsOf(error)).toEqual({ reason: 'PAYMENT_FAILED', failure: 'timeout' });
    expect(provider.calls.map(({ operation }) => operation)).toEqual(['authorize', 'void']);
    expect(await orderRecord(t, order.number)).toMatchObject({
      status: 'awaiting_payment',
      payments: [{ status: 'failed', failure_code: 'timeout' }],
    });
    expect(await t.stockAndLedger(variant.id)).toEqual({ stock: 2, ledger: 2 });
    expect(provider.capturedCents()).toBe(0);
    await expectConsistentStock(t);
  });

  it('while one buyer waits seconds on the provider, other buyers of the same variant place orders and pay without waiting', async () => {
    const variant = await oneVariant(60, 500);
    const buyers = 8;
    useProvider();
    const checkoutLatency = async (cardNumber: string = testCards.succeeds) => {
      const buyer = newCaller(t);
      const { token } = await buyer.api.cart.create();
      await buyer.api.cart.setItem({ token, variantId: variant.id, quantity: 1 });
      const started = performance.now();
      const order = await buyer.api.checkout.placeOrder({
        cartToken: token,
        email: 'queue@example.com',
        expectedTotal: 500,
        idempotencyKey: uniqueKey('latency-order'),
      });
      const paid = await buyer.api.checkout.pay({
        orderNumber: order.number,
        email: 'queue@example.com',
        card: card(cardNumber),
        idempotencyKey: uniqueKey('latency-pay'),
      });
      expect(paid.status).toBe('paid');
      return { ms: performance.now() - started, finishedAt: performance.now() };
    };
    await Promise.all([checkoutLatency(), checkoutLatency()]); // warm-up: connections, JIT
    const baseline = await Promise.all(Array.from({ length: buyers }, () => checkoutLatency()));
    const baselineMax = Math.max(...baseline.map(({ ms }) => ms));

    // long against this machine's own checkout time, so the comparison below holds on a slow machine too
    const hangMs = Math.max(2_000, Math.ceil(baselineMax * 20));
    const provider = useProvider({ hangMs }, hangMs * 3);
    const slowBuyer = await placedOrder(t, [[variant.id, 1]], 'slow@example.com');
    let slowFinishedAt = Number.POSITIVE_INFINITY;
    const slowPayment = slowBuyer.api.checkout
      .pay({
        orderNumber: slowBuyer.order.number,
        email: 'slow@example.com',
        card: card(testCards.hangs),
        idempotencyKey: uniqueKey('slow'),
      })
      .then((paid) => {
        slowFinishedAt = performance.now();
        return paid;
      });
    await provider.whenCalled('authorize');
    const during = await Promise.all(Array.from({ length: buyers }, () => checkoutLatency()));
    const duringMax = Math.max(...during.map(({ ms }) => ms));

    expect((await slowPayment).status).toBe('paid');
    for (const { finishedAt } of during) expect(finishedAt).toBeLessThan(slowFinishedAt);
    // were stock rows held across the provider call, every one of these would wait out the hang
    expect(duringMax).toBeLessThan(hangMs / 4);
    expect(median(during.map(({ ms }) => ms))).toBeLessThan(
      Math.max(median(baseline.map(({ ms }) => ms)) * 5, 50),
    );
    console.info(
      `checkout (placeOrder + pay) latency, ${buyers} concurrent buyers: baseline median ${median(baseline.map(({ ms }) => ms)).toFixed(1)} ms, max ${baselineMax.toFixed(1)} ms; ` +
        `while another payment hung ${hangMs} ms: median ${median(during.map(({ ms }) => ms)).toFixed(1)} ms, max ${duringMax.toFixed(1)} ms`,
    );
    expect(await t.stockAndLedger(variant.id)).toEqual({
      stock: 60 - 2 - 2 * buyers - 1,
      ledger: 60 - 2 - 2 * buyers - 1,
    });
    await expectConsistentStock(t);
  });

  it('50 concurrent pay calls with one key: one authorization at the provider, one Payment row, one paid order', async () => {
    // the provider takes a moment, so the calls really overlap the one that owns the attempt
    const provider = useProvider({ hangMs: 400 });
    const variant = await oneVariant(2, 4200);
    const { order, email } = await placedOrder(t, [[variant.id, 1]]);
    const request = {
      orderNumber: order.number,
      email,
      card: card(testCards.hangs),
      idempotencyKey: uniqueKey('double-click'),
    };

    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () => newCaller(t).api.checkout.pay(request)),
    );

    const paid = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(paid.length).toBeGreaterThanOrEqual(1);
    for (const view of paid) expect(view).toMatchObject({ status: 'paid', payment: { status: 'captured' } });
    for (const error of refused) {
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe('CONFLICT');
      expect(detailsOf(error)).toEqual({
        reason: 'PAYMENT_IN_PROGRESS',
        retryAfterSeconds: expect.any(Number),
      });
    }
    expect(provider.calls.filter(({ operation }) => operation === 'authorize')).toHaveLength(1);
    expect(provider.calls.filter(({ operation }) => operation === 'capture')).toHaveLength(1);
    expect(provider.capturedCents()).toBe(4200);
    expect(await orderRecord(t, order.number)).toMatchObject({
      status: 'paid',
      payments: [{ status: 'captured' }],
    });

    // once it is over, the same key answers with the paid order
    expect(await newCaller(t).api.checkout.pay(request)).toMatchObject({ status: 'paid' });
    expect(provider.calls.filter(({ operation }) => operation === 'authorize')).toHaveLength(1);
    await expectConsistentStock(t);
  });

  it('20 concurrent pay calls with different keys for one order: one charge, the rest refused', async () => {
    const provider = useProvider({ hangMs: 300 });
    const variant = await oneVariant(2, 900);
    const { order, email } = await placedOrder(t, [[variant.id, 1]]);

    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        newCaller(t).api.checkout.pay({
          orderNumber: order.number,
          email,
          card: card(testCards.hangs),
          idempotencyKey: `many-keys-${order.number}-${index}`,
        }),
      ),
    );

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') continue;
      expect(detailsOf(outcome.reason)?.reason).toMatch(/^(PAYMENT_IN_PROGRESS|ORDER_NOT_PAYABLE)$/);
    }
    expect(provider.calls.filter(({ operation }) => operation === 'authorize')).toHaveLength(1);
    expect(provider.capturedCents()).toBe(900);
    expect(await orderRecord(t, order.number)).toMatchObject({
      status: 'paid',
      payments: [{ status: 'captured' }],
    });
  });

  it('a key is bound to its payment; an unknown order or wrong email is NOT_FOUND; a bad card never echoes its number', async () => {
    useProvider();
    const variant = await oneVariant(5);
    const first = await placedOrder(t, [[variant.id, 1]], 'first@example.com');
    const second = await placedOrder(t, [[variant.id, 1]], 'second@example.com');
    const key = uniqueKey('bound');
    await first.api.checkout.pay({
      orderNumber: first.order.number,
      email: 'first@example.com',
      card: card(),
      idempotencyKey: key,
    });

    const reused = await refusal(
      second.api.checkout.pay({
        orderNumber: second.order.number,
        email: 'second@example.com',
        card: card(),
        idempotencyKey: key,
      }),
    );
    expect(reused.code).toBe('CONFLICT');
    expect(detailsOf(reused)).toEqual({ reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await orderRecord(t, second.order.number)).status).toBe('awaiting_payment');

    const wrongEmail = await refusal(
      second.api.checkout.pay({
        orderNumber: second.order.number,
        email: 'first@example.com',
        card: card(),
        idempotencyKey: uniqueKey('wrong-email'),
      }),
    );
    expect(wrongEmail.code).toBe('NOT_FOUND');

    const badNumber = '4242424242424241';
    const invalid = await refusal(
      second.api.checkout.pay({
        orderNumber: second.order.number,
        email: 'second@example.com',
        card: card(badNumber),
        idempotencyKey: uniqueKey('bad-card'),
      }),
    );
    expect(invalid.code).toBe('BAD_REQUEST');
    expect(JSON.stringify({ message: invalid.message, cause: invalid.cause })).not.toContain(badNumber);
    expect(await t.sql('primary', 'select 1 from payment where card_last4 = $1', ['4241'])).toEqual([]);
  });

  it('a card that needs confirmation leaves the order awaiting payment with a pending payment under its lease', async () => {
    const provider = useProvider();
    const variant = await oneVariant(2);
    const { api, order, email } = await placedOrder(t, [[variant.id, 1]]);
    const request = {
      orderNumber: order.number,
      email,
      card: card(testCards.needsConfirmation),
      idempotencyKey: uniqueKey('3ds'),
    };

    const pending = await api.checkout.pay(request);

    expect(pending).toMatchObject({
      status: 'awaiting_payment',
      payment: { status: 'pending', cardLast4: '3220' },
    });
    const [row] = await t.sql<{ provider_reference: string; lease_ok: boolean }>(
      'primary',
      `select provider_reference, lease_expires_at > now() + interval '5 minutes' as lease_ok
         from payment where idempotency_key = $1`,
      [request.idempotencyKey],
    );
    expect(row?.lease_ok).toBe(true);
    expect(provider.chargeState(row?.provider_reference ?? '')).toBe('pending');
    const again = await refusal(newCaller(t).api.checkout.pay(request));
    // the lease is the confirmation window: the client is told to come back when it ends
    const leaseSeconds = (ms: number) => Math.ceil(ms / 1000);
    expect(detailsOf(again)).toEqual({
      reason: 'PAYMENT_IN_PROGRESS',
      retryAfterSeconds: expect.toSatisfy((seconds: number) => seconds > leaseSeconds(5 * 60_000)),
    });
    const cancel = await refusal(api.orders.cancel({ number: order.number, email }));
    expect(detailsOf(cancel)).toMatchObject({ reason: 'PAYMENT_IN_PROGRESS' });
  });
});
