import { testCards } from '@holdfast/api';
import { isHoldfastError } from '@holdfast/client';
import { createProduct } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrderOverHttp, startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('a payment already in progress', () => {
  it('is refused with retryAfterSeconds in its details and a Retry-After header', async () => {
    const { variants } = await createProduct(server.t.db.primaryEm(), [{ priceCents: 1200, stock: 5 }]);
    const variant = variants[0];
    if (!variant) throw new Error('fixture has a variant');
    const client = server.newClient();
    const email = 'retry-after@example.com';
    const { order } = await placeOrderOverHttp(client, variant.id, 1, email);
    const card = (number: string) => ({
      number,
      expMonth: 12,
      expYear: new Date().getUTCFullYear() + 3,
      cvc: '123',
    });
    // the provider answers pending: the attempt keeps its lease while the buyer confirms
    await client.checkout.pay.mutate({
      orderNumber: order.number,
      email,
      card: card(testCards.needsConfirmation),
      idempotencyKey: 'retry-after-first',
    });

    const second = {
      orderNumber: order.number,
      email,
      card: card(testCards.succeeds),
      idempotencyKey: 'retry-after-second',
    };
    const refused = await client.checkout.pay.mutate(second).catch((error: unknown) => error);
    expect(isHoldfastError(refused)).toBe(true);
    if (!isHoldfastError(refused)) return;
    const details = refused.data?.details as { reason: string; retryAfterSeconds: number };
    expect(details.reason).toBe('PAYMENT_IN_PROGRESS');
    expect(details.retryAfterSeconds).toBeGreaterThan(0);

    const response = await fetch(`${server.url}/trpc/checkout.pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: second }),
    });
    expect(response.status).toBe(409);
    const header = Number(response.headers.get('retry-after'));
    expect(header).toBeGreaterThan(0);
    expect(Math.abs(header - details.retryAfterSeconds)).toBeLessThanOrEqual(1);
  });
});
