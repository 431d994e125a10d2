import { Database } from '@holdfast/db';
import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireUnpaidOrders } from '../src/orders/order-expiry.ts';
import { applyPaymentEvent } from '../src/payments/payment-events.ts';
import type { CaptureRequest } from '../src/payments/provider.ts';
import { configurePayments, type PaymentSettings } from '../src/payments/settings.ts';
import { TestPaymentProvider } from '../src/payments/test-provider.ts';
import { card, expectConsistentStock, orderRecord, placedOrder, uniqueKey } from './payment-support.ts';
import { detailsOf, newCaller, refusal, stockedProduct } from './support.ts';

let t: TestDatabase;
let provider: TestPaymentProvider;
let settings: PaymentSettings;
beforeAll(async () => {
  t = await createTestDatabase();
  provider = new TestPaymentProvider();
  settings = configurePayments(t.db, { provider, callTimeoutMs: 1_000 });
});
afterAll(() => t.drop());

const appSessions = `datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`;

/** Ends every session the application has open on this database, as a restarted primary would. */
async function terminateAppConnections(): Promise<number> {
  const rows = await t.sql<{ ended: boolean }>(
    'primary',
    `select pg_terminate_backend(pid) as ended from pg_stat_activity where ${appSessions}`,
  );
  return rows.length;
}

/**
 * While `work` runs, ends one session caught inside a transaction, `rounds` times: its
 * connection dies between two statements of a checkout or a payment, or during its commit.
 */
async function underConnectionLoss<T>(work: Promise<T>, rounds = 6): Promise<{ result: T; kills: number }> {
  let done = false;
  let kills = 0;
  const killer = (async () => {
    for (let round = 0; round < rounds && !done; ) {
      const [row] = await t.sql<{ ended: number }>(
        'primary',
        `select count(pg_terminate_backend(pid))::int as ended
           from (select pid from pg_stat_activity where ${appSessions} and xact_start is not null
                  order by random() limit 1) as caught`,
      );
      if ((row?.ended ?? 0) > 0) {
        kills += row?.ended ?? 0;
        round++;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  const result = await work.finally(() => {
    done = true;
  });
  await killer;
  return { result, kills };
}

/** Whatever failed, failed because its connection died: no deadlock, no constraint violation, no bug. */
function expectOnlyConnectionLosses(errors: unknown[]) {
  for (const error of errors) {
    expect(error).toBeInstanceOf(TRPCError);
    const { code, cause } = error as TRPCError;
    expect(code, String(cause)).toBe('SERVICE_UNAVAILABLE');
  }
}

function settle<T>(calls: Promise<T>[]) {
  return Promise.allSettled(calls).then((outcomes) => ({
    ok: outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : [])),
    failed: outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : [])),
  }));
}

describe('losing the primary connection', () => {
  it('between and during placement and payment: every order is consistent, unpaid ones expire, no stock is taken without an order and no money without a paid order', async () => {
    const initial = 60;
    const { variants } = await stockedProduct(t, [{ priceCents: 800, stock: initial }]);
    const [variant] = variants;
    if (!variant) throw new Error('fixture has a variant');
    const buyers = await Promise.all(
      Array.from({ length: 40 }, async (_, index) => {
        const { api } = newCaller(t);
        const { token } = await api.cart.create();
        await api.cart.setItem({ token, variantId: variant.id, quantity: 1 + (index % 2) });
        return { api, token, email: `lost${index}@example.com`, quantity: 1 + (index % 2) };
      }),
    );

    const placing = await underConnectionLoss(
      settle(
        buyers.map((buyer) =>
          buyer.api.checkout.placeOrder({
            cartToken: buyer.token,
            email: buyer.email,
            expectedTotal: 800 * buyer.quantity,
            idempotencyKey: uniqueKey('lost-order'),
          }),
        ),
      ),
    );
    expect(placing.kills).toBeGreaterThan(0);
    // and once more with every order placed and none paid
    await terminateAppConnections();

    expectOnlyConnectionLosses(placing.result.failed);
    await expectConsistentStock(t);

    const emails = new Map(
      (
        await t.sql<{ number: string; email: string }>(
          'primary',
          'select number, email from orders where number = any($1)',
          [placing.result.ok.map(({ number }) => number)],
        )
      ).map(({ number, email }) => [number, email]),
    );
    const paying = await underConnectionLoss(
      settle(
        placing.result.ok.slice(0, Math.ceil(placing.result.ok.length / 2)).map((order) =>
          newCaller(t).api.checkout.pay({
            orderNumber: order.number,
            email: emails.get(order.number) ?? '',
            card: card(),
            idempotencyKey: uniqueKey('lost-pay'),
          }),
        ),
      ),
    );
    expectOnlyConnectionLosses(paying.result.failed);
    await expectConsistentStock(t);

    // the primary is back: unpaid orders and attempts whose request died are swept up
    await expireUnpaidOrders(t.db, { holdMs: 15 * 60_000, now: new Date(Date.now() + 60 * 60_000) });
    // and the provider tells us about money whose outcome never reached the database
    for (const charge of provider.charges().filter(({ state }) => state === 'captured')) {
      await applyPaymentEvent(t.db, settings, {
        id: `evt-${charge.reference}`,
        type: 'payment.succeeded',
        data: { reference: charge.reference, paymentKey: charge.paymentKey ?? '' },
      });
    }
    const refunded = provider.charges().filter(({ state }) => state === 'refunded').length;
    console.info(
      `connection loss: ${placing.kills + paying.kills} sessions terminated; ` +
        `${placing.result.ok.length}/${buyers.length} orders answered, ` +
        `${paying.result.ok.length}/${paying.result.ok.length + paying.result.failed.length} payments answered, ` +
        `${refunded} captured charges whose outcome was lost refunded after the order expired`,
    );

    await expectConsistentStock(t);
    const [summary] = await t.sql<{
      open: number;
      paid_units: number;
      paid_cents: number;
      captured_cents: number;
    }>(
      'primary',
      `select (select count(*)::int from orders where status = 'awaiting_payment') as open,
              (select coalesce(sum(l.quantity), 0)::int from order_line l join orders o on o.id = l.order_id
                where o.status = 'paid' and l.variant_id = $1) as paid_units,
              (select coalesce(sum(total_cents), 0)::int from orders where status = 'paid') as paid_cents,
              (select coalesce(sum(amount_cents), 0)::int from payment where status = 'captured') as captured_cents`,
      [variant.id],
    );
    expect(summary?.open).toBe(0);
    expect(await t.stockAndLedger(variant.id)).toEqual({
      stock: initial - (summary?.paid_units ?? 0),
      ledger: initial - (summary?.paid_units ?? 0),
    });
    // money: what the provider kept is exactly what paid orders cost
    expect(summary?.captured_cents).toBe(summary?.paid_cents);
    expect(provider.capturedCents()).toBe(summary?.paid_cents);
    // every answered payment is a paid order
    for (const view of paying.result.ok) {
      const [row] = await t.sql<{ status: string }>(
        'primary',
        'select status from orders where number = $1',
        [view.number],
      );
      expect(row?.status).toBe('paid');
    }
  });

  it('the primary goes away after the provider captured: a retry with the same key, once the lease has run out, records the payment without a second charge', async () => {
    const { variants } = await stockedProduct(t, [{ priceCents: 1500, stock: 3 }]);
    const [variant] = variants;
    if (!variant) throw new Error('fixture has a variant');
    const { order, email } = await placedOrder(t, [[variant.id, 2]]);
    // from the maintenance database, which stays reachable while the shop's database refuses connections
    const admin = await Database.connect({
      primaryUrl: t.cluster.url('primary', 'postgres'),
      replicaUrls: [],
      poolSize: 1,
    });
    const adminSql = (sql: string) => admin.primaryEm().execute(sql);
    let cutOff = false;
    class PrimaryLostAfterCapture extends TestPaymentProvider {
      override async capture(request: CaptureRequest): Promise<void> {
        await super.capture(request);
        if (cutOff) return;
        cutOff = true;
        await adminSql(`alter database ${t.name} allow_connections false`);
        await terminateAppConnections();
      }
    }
    const lossy = new PrimaryLostAfterCapture();
    configurePayments(t.db, { provider: lossy, callTimeoutMs: 1_000 });
    const request = {
      orderNumber: order.number,
      email,
      card: card(),
      idempotencyKey: uniqueKey('lost-capture'),
    };

    try {
      const lost = await refusal(newCaller(t).api.checkout.pay(request));
      expect(lost.code, String(lost.cause)).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await adminSql(`alter database ${t.name} allow_connections true`);
      await admin.close();
    }

    expect(await orderRecord(t, order.number)).toMatchObject({
      status: 'awaiting_payment',
      payments: [{ status: 'pending' }],
    });
    expect(lossy.capturedCents()).toBe(3000);
    // pooled connections the cut-off terminated fail once each as the pool hands them out; this
    // scenario is about the lease, so let the pool shed them first
    await expect
      .poll(
        () =>
          t.db
            .primaryEm()
            .execute('select 1')
            .then(
              () => true,
              () => false,
            ),
        { timeout: 10_000 },
      )
      .toBe(true);
    const early = await refusal(newCaller(t).api.checkout.pay(request));
    // the client is told when the attempt's lease (4 provider timeouts, here 4 s) runs out
    expect(detailsOf(early)).toEqual({
      reason: 'PAYMENT_IN_PROGRESS',
      retryAfterSeconds: expect.toSatisfy((seconds: number) => seconds >= 1 && seconds <= 4),
    });

    // the lease runs out (time moved forward): the request that owned the attempt is presumed gone
    await t.sql(
      'primary',
      `update payment set lease_expires_at = now() - interval '1 second' where idempotency_key = $1`,
      [request.idempotencyKey],
    );
    const paid = await newCaller(t).api.checkout.pay(request);

    expect(paid).toMatchObject({ status: 'paid', payment: { status: 'captured' } });
    expect(lossy.charges()).toEqual([expect.objectContaining({ state: 'captured', amountCents: 3000 })]);
    expect(lossy.capturedCents()).toBe(3000);
    expect(await orderRecord(t, order.number)).toMatchObject({
      status: 'paid',
      payments: [{ status: 'captured' }],
    });
    await expectConsistentStock(t);
    configurePayments(t.db, { provider, callTimeoutMs: 1_000 });
  });
});
