import { appRouter, ensureAdmin } from '@holdfast/api';
import { createProduct } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { craftedCursors, deepValues, hugeString, strings, wrongTypes } from './fuzz-corpus.ts';
import { placeOrderOverHttp, startTestServer, type TestServer } from './test-server.ts';

interface ProcedureDef {
  type: 'query' | 'mutation';
  inputs: { shape?: Record<string, unknown> }[];
}

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>,
).map(([path, { _def }]) => ({ path, type: _def.type, fields: Object.keys(_def.inputs[0]?.shape ?? {}) }));

let server: TestServer;
let adminToken: string;
/** A valid input per procedure that takes one, so that a single bad field is what reaches the server. */
let validInputs: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  server = await startTestServer();
  const admin = { email: 'fuzz-admin@example.com', password: 'a long fuzzing password' };
  await ensureAdmin(server.t.db, admin, { existingAdmin: 'keep' });
  adminToken = (await server.newClient().account.login.mutate(admin)).token;
  const { product, variants } = await createProduct(server.t.db.primaryEm(), [
    { priceCents: 500, stock: 1_000 },
  ]);
  const variantId = variants[0]?.id ?? 0;
  const client = server.newClient(adminToken);
  const email = 'fuzz-buyer@example.com';
  const { order, cartToken: token } = await placeOrderOverHttp(client, variantId, 1, email);
  const card = {
    number: '4000000000000002',
    expMonth: 12,
    expYear: new Date().getUTCFullYear() + 1,
    cvc: '123',
  };
  validInputs = {
    'catalog.products': { q: 'chair', sort: 'relevance', limit: 5 },
    'catalog.product': { slug: product.slug },
    'cart.get': { token },
    'cart.setItem': { token, variantId, quantity: 1 },
    'checkout.placeOrder': {
      cartToken: token,
      email,
      expectedTotal: 500,
      idempotencyKey: 'fuzz-order-key-2',
    },
    'checkout.pay': { orderNumber: order.number, email, card, idempotencyKey: 'fuzz-pay-key' },
    'orders.get': { number: order.number, email },
    'orders.cancel': { number: order.number, email: 'someone-else@example.com' },
    'orders.mine': { limit: 5 },
    'account.register': { email: 'fuzz-new@example.com', password: 'long enough password' },
    'account.login': { email: 'nobody@example.com', password: 'wrong password' },
    'admin.createProduct': {
      slug: 'fuzz-made',
      name: 'Fuzz',
      description: 'made by the fuzz test',
      categorySlug: 'fixtures',
      variants: [{ sku: 'FUZZ-1', name: 'One', priceCents: 100 }],
    },
    'admin.updateProduct': { productId: product.id, name: 'Renamed' },
    'admin.createVariant': { productId: product.id, sku: 'FUZZ-2', name: 'Two', priceCents: 100 },
    'admin.setPrice': { variantId, priceCents: 500 },
    'admin.adjustStock': { variantId, delta: 1, note: 'fuzz' },
    'admin.listOrders': { limit: 5 },
    'admin.refund': { orderNumber: order.number },
  };
});
afterAll(() => server.close());

interface Call {
  path: string;
  type: 'query' | 'mutation';
  input: unknown;
}

/** Every procedure with each corpus value as its whole input, and in each of its fields of an otherwise valid input. */
function corpusCalls(): Call[] {
  const values = [...wrongTypes, ...strings, ...deepValues, hugeString];
  const calls: Call[] = [];
  for (const { path, type, fields } of procedures) {
    for (const input of values) calls.push({ path, type, input });
    const valid = validInputs[path] ?? {};
    for (const field of fields) {
      for (const value of values) calls.push({ path, type, input: { ...valid, [field]: value } });
      calls.push({ path, type, input: { ...valid, [field]: undefined } });
    }
  }
  for (const sort of ['relevance', 'price_asc', 'price_desc', 'newest', undefined]) {
    for (const cursor of craftedCursors) {
      calls.push({ path: 'catalog.products', type: 'query', input: { q: 'chair', sort, cursor } });
      calls.push({ path: 'catalog.products', type: 'query', input: { sort, cursor } });
    }
  }
  for (const cursor of craftedCursors) calls.push({ path: 'orders.mine', type: 'query', input: { cursor } });
  return calls;
}

function request({ path, type, input }: Call): Promise<Response> {
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const body = JSON.stringify({ json: input });
  if (type === 'mutation') return fetch(`${server.url}/trpc/${path}`, { method: 'POST', headers, body });
  return fetch(`${server.url}/trpc/${path}?input=${encodeURIComponent(body)}`, { headers });
}

/** Runs the calls a few at a time and returns the ones answered with a 5xx. */
async function serverErrors(calls: Call[], send: (call: Call) => Promise<Response>) {
  const failures: { call: string; status: number; body: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < calls.length) {
      const call = calls[next++] as Call;
      const response = await send(call);
      const text = await response.text();
      if (response.status >= 500)
        failures.push({
          call: JSON.stringify(call).slice(0, 300),
          status: response.status,
          body: text.slice(0, 300),
        });
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return failures;
}

describe('the fuzz corpus', () => {
  it('every procedure, every field, every corpus value and crafted cursor: 0 × 5xx', {
    timeout: 600_000,
  }, async () => {
    const calls = corpusCalls();
    const failures = await serverErrors(calls, request);
    console.info(`fuzz corpus: ${calls.length} calls, ${failures.length} answered 5xx`);
    expect(failures).toEqual([]);
  });

  it('batches: many calls in one request, mixing good and bad inputs: 0 × 5xx', async () => {
    const batches = [wrongTypes, strings, craftedCursors].map((values) => {
      const paths = values.map(() => 'catalog.products');
      const inputs = Object.fromEntries(values.map((cursor, index) => [index, { json: { cursor } }]));
      return `${server.url}/trpc/${paths.join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`;
    });
    const unbalanced = `${server.url}/trpc/catalog.products,catalog.product?batch=1&input=${encodeURIComponent('{"0":{"json":{}}}')}`;
    const notAnObject = `${server.url}/trpc/catalog.products?batch=1&input=${encodeURIComponent('[1,2,3]')}`;
    const responses = await Promise.all([...batches, unbalanced, notAnObject].map((url) => fetch(url)));
    expect(responses.map(({ status }) => status).filter((status) => status >= 500)).toEqual([]);
  });
});
