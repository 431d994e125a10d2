import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  card,
  expectConsistentStock,
  orderRecord,
  placedOrder,
  uniqueKey,
} from '../../test/payment-support.ts';
import { detailsOf, newCaller, refusal, stockedProduct } from '../../test/support.ts';
import { applyPaymentEvent } from '../payments/payment-events.ts';
import { PaymentProviderError, type RefundRequest } from '../payments/provider.ts';
import { refundOrder } from '../payments/refund.ts';
import { configurePayments, type PaymentSettings } from '../payments/settings.ts';
import { TestPaymentProvider, testCards } from '../payments/test-provider.ts';
import { expireUnpaidOrders } from './order-expiry.ts';

const minute = 60_000;
const holdMs = 15 * minute;

let t: TestDatabase;
let provider: TestPaymentProvider;
let settings: PaymentSettings;
beforeAll(async () => {
  t = await createTestDatabase();
  provider = new TestPaymentProvider();
  settings = configurePayments(t.db, { provider, callTimeoutMs: 2_000, confirmationWindowMs: 30 * minute });
});
afterAll(() => t.drop());

async function variants(...stocks: number[]) {
  const fixture = await stockedProduct(
    t,
    stocks.map((stock) => ({ priceCents: 1000, stock })),
  );
  return fixture.variants;
}

function later(ms: number): Date {
  return new Date(Date.now() + ms);
}

async function pay(buyer: Awaited<ReturnType<typeof placedOrder>>, cardNumber: string = testCards.succeeds) {
  return buyer.api.checkout.pay({
    orderNumber: buyer.order.number,
    email: buyer.email,
    card: card(cardNumber),
    idempotencyKey: uniqueKey('pay'),
  });
}

describe('expireUnpaidOrders', () => {
  it('cancels orders past the hold (a declined one too) and returns their stock; young and paid orders stay as they are', async () => {
    const [a, b] = await variants(10, 10);
    if (!a || !b) throw new Error('fixture has two variants');
    const unpaid = await placedOrder(t, [
      [a.id, 2],
      [b.id, 1],
    ]);
    const paid = await placedOrder(t, [[a.id, 3]]);
    await pay(paid);
    const declined = await placedOrder(t, [[b.id, 4]]);
    await refusal(pay(declined, testCards.declined));

    expect((await expireUnpaidOrders(t.db, { holdMs, now: later(14 * minute) })).expired).toEqual([]);
    expect(await t.stockAndLedger(a.id)).toEqual({ stock: 5, ledger: 5 });

    const swept = await expireUnpaidOrders(t.db, { holdMs, now: later(16 * minute) });

    expect(swept.expired).toContain(unpaid.order.number);
    expect(swept.expired).not.toContain(paid.order.number);
    // a decline left the order waiting for another card; its hold ran out all the same
    expect(swept.expired).toContain(declined.order.number);
    expect(await orderRecord(t, unpaid.order.number)).toMatchObject({
      status: 'cancelled',
      movements: [
        { variant_id: a.id, delta: -2, reason: 'order' },
        { variant_id: b.id, delta: -1, reason: 'order' },
        { variant_id: a.id, delta: 2, reason: 'order_cancelled' },
        { variant_id: b.id, delta: 1, reason: 'order_cancelled' },
      ],
    });
    expect((await orderRecord(t, paid.order.number)).status).toBe('paid');
    expect((await orderRecord(t, declined.order.number)).status).toBe('cancelled');
    expect(await t.stockAndLedger(a.id)).toEqual({ stock: 7, ledger: 7 });
    expect(await t.stockAndLedger(b.id)).toEqual({ stock: 10, ledger: 10 });
    expect((await expireUnpaidOrders(t.db, { holdMs, now: later(16 * minute) })).expired).toEqual([]);

    const tooLate = await refusal(pay(unpaid));
    expect(tooLate.code).toBe('CONFLICT');
    expect(detailsOf(tooLate)).toEqual({ reason: 'ORDER_NOT_PAYABLE', status: 'cancelled' });
    await expectConsistentStock(t);
  });

  it('two sweepers at once, while buyers keep checking out the same variants: every due order is cancelled exactly once', async () => {
    const stock = await variants(200, 200, 200);
    const ids = stock.map(({ id }) => id);
    const orders = await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        placedOrder(t, [
          [ids[index % 3] as number, 1 + (index % 2)],
          [ids[(index + 1) % 3] as number, 1],
        ]),
      ),
    );
    const latecomers = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const buyer = newCaller(t);
        const { token } = await buyer.api.cart.create();
        await buyer.api.cart.setItem({ token, variantId: ids[index % 3] as number, quantity: 1 });
        const { totalCents } = await buyer.api.cart.setItem({
          token,
          variantId: ids[(index + 2) % 3] as number,
          quantity: 2,
        });
        return { buyer, token, totalCents };
      }),
    );
    const now = later(16 * minute);

    const [first, second, placed] = await Promise.all([
      expireUnpaidOrders(t.db, { holdMs, batchSize: 7, now }),
      expireUnpaidOrders(t.db, { holdMs, batchSize: 7, now }),
      Promise.all(
        latecomers.map(({ buyer, token, totalCents }) =>
          buyer.api.checkout.placeOrder({
            cartToken: token,
            email: 'late@example.com',
            expectedTotal: totalCents,
            idempotencyKey: uniqueKey('latecomer'),
          }),
        ),
      ),
    ]);

    expect(placed).toHaveLength(20);
    const both = [...first.expired, ...second.expired];
    expect(new Set(both).size).toBe(both.length);
    expect(first.expired.length).toBeGreaterThan(0);
    expect(second.expired.length).toBeGreaterThan(0);
    for (const { order } of orders) expect(both).toContain(order.number);
    const [counts] = await t.sql<{ cancelled: number; returns: number; lines: number }>(
      'primary',
      `select count(*)::int as cancelled,
              (select count(*)::int from stock_movement m join orders o on o.id = m.order_id
                where o.number = any($1) and m.reason = 'order_cancelled') as returns,
              (select count(*)::int from order_line l join orders o on o.id = l.order_id
                where o.number = any($1)) as lines
         from orders where number = any($1) and status = 'cancelled'`,
      [both],
    );
    expect(counts).toEqual({ cancelled: both.length, returns: counts?.lines, lines: counts?.lines });
    await expectConsistentStock(t);
  });

  it('an order whose payment is under its lease is kept past the hold; once the lease runs out it expires and a late capture is refunded', async () => {
    const [variant] = await variants(5);
    if (!variant) throw new Error('fixture has a variant');
    const buyer = await placedOrder(t, [[variant.id, 2]]);
    const pending = await pay(buyer, testCards.needsConfirmation);
    expect(pending.payment.status).toBe('pending');

    expect((await expireUnpaidOrders(t.db, { holdMs, now: later(16 * minute) })).expired).not.toContain(
      buyer.order.number,
    );
    expect((await orderRecord(t, buyer.order.number)).status).toBe('awaiting_payment');

    const swept = await expireUnpaidOrders(t.db, { holdMs, now: later(31 * minute) });
    expect(swept.expired).toContain(buyer.order.number);
    expect(await orderRecord(t, buyer.order.number)).toMatchObject({
      status: 'cancelled',
      payments: [{ status: 'failed', failure_code: 'abandoned' }],
    });
    expect(await t.stockAndLedger(variant.id)).toEqual({ stock: 5, ledger: 5 });

    // the customer confirmed after all: the money arrives for a closed order, and goes back
    const [row] = await t.sql<{ provider_reference: string; idempotency_key: string }>(
      'primary',
      `select p.provider_reference, p.idempotency_key from payment p join orders o on o.id = p.order_id where o.number = $1`,
      [buyer.order.number],
    );
    const reference = row?.provider_reference ?? '';
    provider.confirm(reference, 'captured');
    const event = {
      id: uniqueKey('evt'),
      type: 'payment.succeeded',
      data: { reference, paymentKey: row?.idempotency_key ?? '' },
    };
    expect(await applyPaymentEvent(t.db, settings, event)).toBe('applied');
    expect(await applyPaymentEvent(t.db, settings, event)).toBe('duplicate');
    expect(provider.chargeState(reference)).toBe('refunded');
    expect(await orderRecord(t, buyer.order.number)).toMatchObject({
      status: 'cancelled',
      payments: [{ status: 'refunded' }],
    });
    expect(await t.stockAndLedger(variant.id)).toEqual({ stock: 5, ledger: 5 });
    await expectConsistentStock(t);
  });
});

describe('payment events', () => {
  it('a confirmation pays the order, a refusal leaves it payable with its stock held, each applied once', async () => {
    const [variant] = await variants(6);
    if (!variant) throw new Error('fixture has a variant');
    const confirmed = await placedOrder(t, [[variant.id, 2]]);
    const refusedBuyer = await placedOrder(t, [[variant.id, 3]]);
    await pay(confirmed, testCards.needsConfirmation);
    await pay(refusedBuyer, testCards.needsConfirmation);
    const references = await t.sql<{ number: string; provider_reference: string; idempotency_key: string }>(
      'primary',
      `select o.number, p.provider_reference, p.idempotency_key from payment p join orders o on o.id = p.order_id where o.number = any($1)`,
      [[confirmed.order.number, refusedBuyer.order.number]],
    );
    const paymentOf = (number: string) => {
      const row = references.find((candidate) => candidate.number === number);
      return { reference: row?.provider_reference ?? '', paymentKey: row?.idempotency_key ?? '' };
    };
    const referenceOf = (number: string) => paymentOf(number).reference;

    provider.confirm(referenceOf(confirmed.order.number), 'captured');
    const succeeded = {
      id: uniqueKey('evt'),
      type: 'payment.succeeded',
      data: paymentOf(confirmed.order.number),
    };
    const failed = {
      id: uniqueKey('evt'),
      type: 'payment.failed',
      data: { ...paymentOf(refusedBuyer.order.number), declineCode: 'authentication_failed' },
    };
    const outcomes = await Promise.all([
      ...Array.from({ length: 5 }, () => applyPaymentEvent(t.db, settings, succeeded)),
      ...Array.from({ length: 5 }, () => applyPaymentEvent(t.db, settings, failed)),
    ]);

    expect(outcomes.filter((outcome) => outcome === 'applied')).toHaveLength(2);
    expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(8);
    expect(await orderRecord(t, confirmed.order.number)).toMatchObject({
      status: 'paid',
      payments: [{ status: 'captured' }],
    });
    expect(await orderRecord(t, refusedBuyer.order.number)).toMatchObject({
      status: 'awaiting_payment',
      payments: [{ status: 'declined', failure_code: 'authentication_failed' }],
    });
    expect(await t.stockAndLedger(variant.id)).toEqual({ stock: 1, ledger: 1 });
    await expectConsistentStock(t);
  });
});

describe('orders.cancel', () => {
  it('the owner cancels an unpaid order: stock returned once however often it is asked, paid orders refused', async () => {
    const [variant] = await variants(8);
    if (!variant) throw new Error('fixture has a variant');
    const buyer = await placedOrder(t, [[variant.id, 3]], 'owner@example.com');
    const wrong = await refusal(
      buyer.api.orders.cancel({ number: buyer.order.number, email: 'thief@example.com' }),
    );
    expect(wrong.code).toBe('NOT_FOUND');

    const cancels = await Promise.all(
      Array.from({ length: 10 }, () =>
        newCaller(t).api.orders.cancel({ number: buyer.order.number, email: 'Owner@Example.com' }),
      ),
    );

    for (const cancelled of cancels)
      expect(cancelled).toMatchObject({ number: buyer.order.number, status: 'cancelled' });
    expect(await orderRecord(t, buyer.order.number)).toMatchObject({
      status: 'cancelled',
      movements: [
        { delta: -3, reason: 'order' },
        { delta: 3, reason: 'order_cancelled' },
      ],
    });
    expect(await t.stockAndLedger(variant.id)).toEqual({ stock: 8, ledger: 8 });

    const paid = await placedOrder(t, [[variant.id, 1]], 'owner@example.com');
    await pay(paid);
    const refused = await refusal(
      paid.api.orders.cancel({ number: paid.order.number, email: 'owner@example.com' }),
    );
    expect(refused.code).toBe('CONFLICT');
    expect(detailsOf(refused)).toEqual({ reason: 'ORDER_NOT_CANCELLABLE', status: 'paid' });
    expect(await t.stockAndLedger(variant.id)).toEqual({ stock: 7, ledger: 7 });
    await expectConsistentStock(t);
  });
});

describe('refundOrder', () => {
  it('refunds a paid order once, even when asked five times at once: money back, order cancelled, stock returned', async () => {
    const [variant] = await variants(4);
    if (!variant) throw new Error('fixture has a variant');
    const buyer = await placedOrder(t, [[variant.id, 2]]);
    await pay(buyer);
    const [row] = await t.sql<{ provider_reference: string }>(
      'primary',
      `select p.provider_reference from payment p join orders o on o.id = p.order_id where o.number = $1`,
      [buyer.order.number],
    );
    expect(provider.chargeState(row?.provider_reference ?? '')).toBe('captured');

    const refunds = await Promise.all(
      Array.from({ length: 5 }, () => refundOrder(t.db, provider, buyer.order.number)),
    );

    for (const refunded of refunds) expect(refunded.status).toBe('cancelled');
    expect(provider.chargeState(row?.provider_reference ?? '')).toBe('refunded');
    expect(await orderRecord(t, buyer.order.number)).toMatchObject({
      status: 'cancelled',
      payments: [{ status: 'refunded' }],
      movements: [
        { delta: -2, reason: 'order' },
        { delta: 2, reason: 'order_cancelled' },
      ],
    });
    expect(await t.stockAndLedger(variant.id)).toEqual({ stock: 4, ledger: 4 });

    const unpaid = await placedOrder(t, [[variant.id, 1]]);
    const refused = await refusal(refundOrder(t.db, provider, unpaid.order.number));
    expect(detailsOf(refused)).toEqual({ reason: 'ORDER_NOT_REFUNDABLE', status: 'awaiting_payment' });
    await expectConsistentStock(t);
  });

  it('when the provider cannot refund, nothing changes and the refund can be asked again', async () => {
    const [variant] = await variants(3);
    if (!variant) throw new Error('fixture has a variant');
    const buyer = await placedOrder(t, [[variant.id, 1]]);
    await pay(buyer);
    class RefundsDown extends TestPaymentProvider {
      override refund(_request: RefundRequest): Promise<void> {
        return Promise.reject(new PaymentProviderError('provider_error', 'refunds are down'));
      }
    }

    const error = await refusal(refundOrder(t.db, new RefundsDown(), buyer.order.number));

    expect(error.code).toBe('BAD_GATEWAY');
    expect(detailsOf(error)).toEqual({ reason: 'PAYMENT_PROVIDER_UNAVAILABLE' });
    expect(await orderRecord(t, buyer.order.number)).toMatchObject({
      status: 'paid',
      payments: [{ status: 'captured' }],
    });
    expect((await refundOrder(t.db, provider, buyer.order.number)).status).toBe('cancelled');
    expect(await t.stockAndLedger(variant.id)).toEqual({ stock: 3, ledger: 3 });
  });
});
