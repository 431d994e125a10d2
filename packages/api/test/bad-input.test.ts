import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { createContext } from '../src/context.ts';
import { appRouter } from '../src/root.ts';
import { newCaller, refusal } from './support.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const huge = 'x'.repeat(1024 * 1024);
const token = 'a'.repeat(32);
const order = { cartToken: token, email: 'a@example.com', expectedTotal: 100, idempotencyKey: 'key-12345' };

// [procedure, what is wrong, input, the fields the zod issues must name]
const cases: [string, string, unknown, string[]][] = [
  ['catalog.products', 'wrong types', { q: 42, limit: 'ten', inStock: 'yes' }, ['inStock', 'limit', 'q']],
  ['catalog.products', 'a 1MB search', { q: huge }, ['q']],
  ['catalog.products', 'a fractional limit', { limit: 2.5 }, ['limit']],
  ['catalog.products', 'a limit over 100', { limit: 101 }, ['limit']],
  ['catalog.products', 'a negative price', { minPrice: -1 }, ['minPrice']],
  ['catalog.products', 'an unknown sort', { sort: 'random' }, ['sort']],
  ['catalog.products', 'a 1MB cursor', { cursor: huge }, ['cursor']],
  ['catalog.product', 'a missing slug', {}, ['slug']],
  ['catalog.product', 'a 1MB slug', { slug: huge }, ['slug']],
  ['cart.get', 'a wrong type', { token: 5 }, ['token']],
  ['cart.get', 'a 1MB token', { token: huge }, ['token']],
  [
    'cart.setItem',
    'wrong types',
    { token: 5, variantId: 'x', quantity: 'many' },
    ['quantity', 'token', 'variantId'],
  ],
  ['cart.setItem', 'missing fields', { token }, ['quantity', 'variantId']],
  ['cart.setItem', 'a negative quantity', { token, variantId: 1, quantity: -1 }, ['quantity']],
  ['cart.setItem', 'a fractional quantity', { token, variantId: 1, quantity: 1.5 }, ['quantity']],
  ['cart.setItem', 'a quantity over 999', { token, variantId: 1, quantity: 1000 }, ['quantity']],
  ['cart.setItem', 'an id beyond int4', { token, variantId: 2 ** 31, quantity: 1 }, ['variantId']],
  ['checkout.placeOrder', 'missing fields', {}, ['cartToken', 'email', 'expectedTotal', 'idempotencyKey']],
  ['checkout.placeOrder', 'a bad email', { ...order, email: 'nobody' }, ['email']],
  ['checkout.placeOrder', 'a fractional total', { ...order, expectedTotal: 10.5 }, ['expectedTotal']],
  ['checkout.placeOrder', 'a negative total', { ...order, expectedTotal: -100 }, ['expectedTotal']],
  ['checkout.placeOrder', 'a total as a string', { ...order, expectedTotal: '100' }, ['expectedTotal']],
  ['checkout.placeOrder', 'a 1MB idempotency key', { ...order, idempotencyKey: huge }, ['idempotencyKey']],
  ['checkout.placeOrder', 'a 1MB email', { ...order, email: `${huge}@example.com` }, ['email']],
  ['orders.get', 'missing fields', {}, ['email', 'number']],
  ['orders.get', 'a 1MB number', { number: huge, email: 'a@example.com' }, ['number']],
];

interface ErrorBody {
  error: {
    json: {
      data: {
        code: string;
        httpStatus: number;
        zodError: { formErrors: string[]; fieldErrors: Record<string, string[]> } | null;
      };
    };
  };
}

/** The request as the HTTP transport would make it, so the error formatter's output is what is checked. */
async function overHttp(path: string, input: unknown) {
  const response = await fetchRequestHandler({
    endpoint: '/trpc',
    req: new Request(`http://holdfast.test/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: input }),
    }),
    router: appRouter,
    createContext: () => createContext(t.db),
    // lets queries be POSTed, because a 1MB input does not fit in a URL
    allowMethodOverride: true,
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as ErrorBody };
}

describe('bad input', () => {
  it.each(cases)(
    '%s with %s is a BAD_REQUEST carrying the zod issues',
    async (path, _what, input, fields) => {
      const { status, text, body } = await overHttp(path, input);
      expect(status).toBe(400);
      expect(body.error.json.data.code).toBe('BAD_REQUEST');
      expect(Object.keys(body.error.json.data.zodError?.fieldErrors ?? {}).sort()).toEqual(fields);
      // the answer names the problem without echoing a huge input back
      expect(text.length).toBeLessThan(5000);

      const [router = '', procedure = ''] = path.split('.');
      const callers = newCaller(t).api as unknown as Record<
        string,
        Record<string, (input: unknown) => Promise<unknown>>
      >;
      const call = callers[router]?.[procedure];
      if (!call) throw new Error(`no procedure ${path}`);
      const error = await refusal(call(input));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.cause).toBeInstanceOf(ZodError);
    },
  );

  it('nothing reaches the database when the input is refused', async () => {
    await overHttp('checkout.placeOrder', { ...order, expectedTotal: -1 });
    await overHttp('cart.setItem', { token, variantId: 1, quantity: -1 });
    const [counts] = await t.sql<{ orders: number; items: number }>(
      'primary',
      'select (select count(*)::int from orders) as orders, (select count(*)::int from cart_item) as items',
    );
    expect(counts).toEqual({ orders: 0, items: 0 });
  });
});
