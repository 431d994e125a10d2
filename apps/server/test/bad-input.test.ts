import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

interface ErrorBody {
  error: { json: { data: { code: string; zodError: { fieldErrors: Record<string, string[]> } | null } } };
}

async function post(path: string, body: string): Promise<{ status: number; body: ErrorBody }> {
  const response = await fetch(`${server.url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: response.status, body: (await response.json()) as ErrorBody };
}

describe('bad input over HTTP', () => {
  it.each([
    ['malformed JSON', 'checkout.placeOrder', '{"json": {'],
    ['wrong types', 'cart.setItem', JSON.stringify({ json: { token: 5, variantId: 'x', quantity: 'many' } })],
    ['missing fields', 'checkout.placeOrder', JSON.stringify({ json: {} })],
    [
      'a fractional quantity',
      'cart.setItem',
      JSON.stringify({ json: { token: 'a'.repeat(32), variantId: 1, quantity: 1.5 } }),
    ],
    [
      'a negative quantity',
      'cart.setItem',
      JSON.stringify({ json: { token: 'a'.repeat(32), variantId: 1, quantity: -1 } }),
    ],
    [
      'a huge string',
      'checkout.placeOrder',
      JSON.stringify({
        json: {
          cartToken: 'a'.repeat(32),
          email: `${'x'.repeat(500_000)}@b.co`,
          expectedTotal: 1,
          idempotencyKey: 'k',
        },
      }),
    ],
  ])('%s gets 400 BAD_REQUEST and the server stays up', async (_label, path, body) => {
    const response = await post(path, body);
    expect(response.status).toBe(400);
    expect(response.body.error.json.data.code).toBe('BAD_REQUEST');
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('a schema violation carries the zod issues', async () => {
    const response = await post(
      'cart.setItem',
      JSON.stringify({ json: { token: 'a'.repeat(32), variantId: 1, quantity: -1 } }),
    );
    expect(response.body.error.json.data.zodError?.fieldErrors.quantity).toBeDefined();
  });

  it('a body over the size limit is refused without reaching the API', async () => {
    const response = await post(
      'cart.create',
      JSON.stringify({ json: { padding: 'x'.repeat(2 * 1024 * 1024) } }),
    );
    expect(response.status).toBe(413);
  });
});
