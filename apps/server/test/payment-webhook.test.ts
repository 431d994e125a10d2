import { randomBytes } from 'node:crypto';
import { configurePayments, signPaymentEvent, TestPaymentProvider, testCards } from '@holdfast/api';
import { createProduct } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrderOverHttp, startTestServer, type TestServer } from './test-server.ts';

const secret = `whsec_${randomBytes(24).toString('hex')}`;
let server: TestServer;
let provider: TestPaymentProvider;
beforeAll(async () => {
  server = await startTestServer({ paymentWebhookSecret: secret });
  provider = new TestPaymentProvider();
  configurePayments(server.t.db, { provider });
});
afterAll(() => server.close());

/** An order placed and paid over HTTP with the card that needs confirmation: its payment waits for the webhook. */
async function orderAwaitingConfirmation(variantId: number, quantity: number) {
  const client = server.newClient();
  const email = `hook-${randomBytes(4).toString('hex')}@example.com`;
  const { order } = await placeOrderOverHttp(client, variantId, quantity, email);
  const pending = await client.checkout.pay.mutate({
    orderNumber: order.number,
    email,
    card: {
      number: testCards.needsConfirmation,
      expMonth: 12,
      expYear: new Date().getUTCFullYear() + 2,
      cvc: '321',
    },
    idempotencyKey: `hook-pay-${randomBytes(6).toString('hex')}`,
  });
  expect(pending).toMatchObject({ status: 'awaiting_payment', payment: { status: 'pending' } });
  const [row] = await server.t.sql<{ reference: string; key: string }>(
    'primary',
    `select p.provider_reference as reference, p.idempotency_key as key
       from payment p join orders o on o.id = p.order_id where o.number = $1`,
    [order.number],
  );
  return { number: order.number, reference: row?.reference ?? '', paymentKey: row?.key ?? '' };
}

/** `null`: no signature header at all. */
function deliver(body: string, signature: string | null = signPaymentEvent(body, secret)) {
  return fetch(`${server.url}/webhooks/payments`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature ? { 'x-payment-signature': signature } : {}),
    },
    body,
  });
}

async function orderState(number: string) {
  const [row] = await server.t.sql<{ status: string; payment: string; returned: number }>(
    'primary',
    `select o.status, p.status as payment,
            (select count(*)::int from stock_movement m where m.order_id = o.id and m.delta > 0) as returned
       from orders o join payment p on p.order_id = o.id where o.number = $1`,
    [number],
  );
  return row;
}

async function timesRecorded(eventId: string): Promise<number> {
  const [row] = await server.t.sql<{ n: number }>(
    'primary',
    'select count(*)::int as n from processed_payment_event where event_id = $1',
    [eventId],
  );
  return row?.n ?? -1;
}

describe('POST /webhooks/payments', () => {
  it('the same event delivered ten times at once, and again later, is applied once', async () => {
    const { variants } = await createProduct(server.t.db.primaryEm(), [{ priceCents: 1200, stock: 5 }]);
    const variant = variants[0];
    if (!variant) throw new Error('fixture has a variant');
    const paid = await orderAwaitingConfirmation(variant.id, 1);
    const refused = await orderAwaitingConfirmation(variant.id, 2);
    provider.confirm(paid.reference, 'captured');
    provider.confirm(refused.reference, 'declined');
    const succeeded = JSON.stringify({
      id: `evt_${randomBytes(8).toString('hex')}`,
      type: 'payment.succeeded',
      data: { reference: paid.reference, paymentKey: paid.paymentKey },
    });
    const failed = JSON.stringify({
      id: `evt_${randomBytes(8).toString('hex')}`,
      type: 'payment.failed',
      data: {
        reference: refused.reference,
        paymentKey: refused.paymentKey,
        declineCode: 'authentication_failed',
      },
    });

    const responses = await Promise.all([
      ...Array.from({ length: 10 }, () => deliver(succeeded)),
      ...Array.from({ length: 10 }, () => deliver(failed)),
    ]);
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as { outcome: string }[];
    const late = await deliver(failed);

    expect(responses.map(({ status }) => status)).toEqual(Array(20).fill(200));
    expect(bodies.filter(({ outcome }) => outcome === 'applied')).toHaveLength(2);
    expect(bodies.filter(({ outcome }) => outcome === 'duplicate')).toHaveLength(18);
    expect(late.status).toBe(200);
    expect(await late.json()).toEqual({ received: true, outcome: 'duplicate' });
    expect(await orderState(paid.number)).toEqual({ status: 'paid', payment: 'captured', returned: 0 });
    // refused by the bank: the order waits for another card, its stock still held
    expect(await orderState(refused.number)).toEqual({
      status: 'awaiting_payment',
      payment: 'declined',
      returned: 0,
    });
    expect(await timesRecorded(JSON.parse(succeeded).id)).toBe(1);
    expect(await timesRecorded(JSON.parse(failed).id)).toBe(1);
    expect(await server.t.stockAndLedger(variant.id)).toEqual({ stock: 2, ledger: 2 });
  });

  it('a bad, missing or stale signature gets 401 and changes nothing; a signed non-event gets 400', async () => {
    const { variants } = await createProduct(server.t.db.primaryEm(), [{ priceCents: 900, stock: 3 }]);
    const variant = variants[0];
    if (!variant) throw new Error('fixture has a variant');
    const order = await orderAwaitingConfirmation(variant.id, 1);
    provider.confirm(order.reference, 'captured');
    const eventId = `evt_${randomBytes(8).toString('hex')}`;
    const body = JSON.stringify({
      id: eventId,
      type: 'payment.succeeded',
      data: { reference: order.reference, paymentKey: order.paymentKey },
    });
    const tampered = body.replace('payment.succeeded', 'payment.failed');

    const attempts = await Promise.all([
      deliver(body, null),
      deliver(body, 'sha256=0000'),
      deliver(body, signPaymentEvent(body, 'not-the-secret')),
      deliver(tampered, signPaymentEvent(body, secret)),
      deliver(body, signPaymentEvent(body, secret).toUpperCase()),
    ]);

    expect(attempts.map(({ status }) => status)).toEqual([401, 401, 401, 401, 401]);
    expect(await timesRecorded(eventId)).toBe(0);
    expect(await orderState(order.number)).toEqual({
      status: 'awaiting_payment',
      payment: 'pending',
      returned: 0,
    });
    expect((await deliver('{"not": "an event"}')).status).toBe(400);
    expect((await deliver('{not json')).status).toBe(400);
    const withNul = {
      id: 'evt_\u0000',
      type: 'payment.succeeded',
      data: { reference: 'r', paymentKey: 'k' },
    };
    expect((await deliver(JSON.stringify(withNul))).status).toBe(400);
    expect(server.logLines.join('\n')).not.toContain(secret);

    // the genuine delivery still goes through afterwards
    expect(await (await deliver(body)).json()).toEqual({ received: true, outcome: 'applied' });
    expect(await orderState(order.number)).toEqual({ status: 'paid', payment: 'captured', returned: 0 });
  });

  it('an event whose reference and key name different payments is refused and changes nothing', async () => {
    const { variants } = await createProduct(server.t.db.primaryEm(), [{ priceCents: 700, stock: 4 }]);
    const variant = variants[0];
    if (!variant) throw new Error('fixture has a variant');
    const a = await orderAwaitingConfirmation(variant.id, 1);
    const b = await orderAwaitingConfirmation(variant.id, 1);
    provider.confirm(a.reference, 'captured');
    const attacks = [
      // order A's reference with order B's key
      { type: 'payment.succeeded', data: { reference: a.reference, paymentKey: b.paymentKey } },
      { type: 'payment.failed', data: { reference: a.reference, paymentKey: b.paymentKey } },
      // a made-up reference with a real key
      { type: 'payment.succeeded', data: { reference: 'tp_made_up', paymentKey: b.paymentKey } },
      // a reference without any key
      { type: 'payment.succeeded', data: { reference: b.reference } },
    ].map((event) => JSON.stringify({ id: `evt_${randomBytes(8).toString('hex')}`, ...event }));

    const responses = await Promise.all(attacks.map((body) => deliver(body)));

    expect(responses.map(({ status }) => status)).toEqual([422, 422, 422, 400]);
    for (const body of attacks) expect(await timesRecorded(JSON.parse(body).id)).toBe(0);
    const untouched = { status: 'awaiting_payment', payment: 'pending', returned: 0 };
    expect(await orderState(a.number)).toEqual(untouched);
    expect(await orderState(b.number)).toEqual(untouched);
    const [row] = await server.t.sql<{ reference: string }>(
      'primary',
      'select provider_reference as reference from payment where idempotency_key = $1',
      [b.paymentKey],
    );
    expect(row?.reference).toBe(b.reference);
    // A's own event still pays A
    const genuine = JSON.stringify({
      id: `evt_${randomBytes(8).toString('hex')}`,
      type: 'payment.succeeded',
      data: { reference: a.reference, paymentKey: a.paymentKey },
    });
    expect(await (await deliver(genuine)).json()).toEqual({ received: true, outcome: 'applied' });
    expect(await orderState(a.number)).toMatchObject({ status: 'paid', payment: 'captured' });
  });

  it("for a payment whose reference was never recorded, an event naming another payment's reference is refused", async () => {
    const { variants } = await createProduct(server.t.db.primaryEm(), [{ priceCents: 800, stock: 4 }]);
    const variant = variants[0];
    if (!variant) throw new Error('fixture has a variant');
    const a = await orderAwaitingConfirmation(variant.id, 1);
    const b = await orderAwaitingConfirmation(variant.id, 1);
    // as when the request paying B died before the provider's answer was stored
    await server.t.sql('primary', 'update payment set provider_reference = null where idempotency_key = $1', [
      b.paymentKey,
    ]);
    const borrowed = JSON.stringify({
      id: `evt_${randomBytes(8).toString('hex')}`,
      type: 'payment.succeeded',
      data: { reference: a.reference, paymentKey: b.paymentKey },
    });

    expect((await deliver(borrowed)).status).toBe(422);
    expect(await orderState(b.number)).toEqual({
      status: 'awaiting_payment',
      payment: 'pending',
      returned: 0,
    });

    // B's own reference, which only the provider knew, settles B and is recorded
    provider.confirm(b.reference, 'captured');
    const own = JSON.stringify({
      id: `evt_${randomBytes(8).toString('hex')}`,
      type: 'payment.succeeded',
      data: { reference: b.reference, paymentKey: b.paymentKey },
    });
    expect(await (await deliver(own)).json()).toEqual({ received: true, outcome: 'applied' });
    expect(await orderState(b.number)).toMatchObject({ status: 'paid', payment: 'captured' });
  });

  it('card numbers reach neither the database nor the logs', async () => {
    const dump = await server.t.sql<{ row: string }>(
      'primary',
      'select row_to_json(p)::text as row from payment p',
    );
    expect(dump.length).toBeGreaterThan(0);
    for (const { row } of dump) expect(row).not.toContain(testCards.needsConfirmation);
    expect(server.logLines.join('\n')).not.toContain(testCards.needsConfirmation);
    expect(server.logLines.join('\n')).not.toContain(secret);
  });
});
