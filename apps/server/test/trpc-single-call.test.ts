import fastifyCookie from '@fastify/cookie';
import { ensureAdmin } from '@holdfast/api';
import { writtenPositionsHeader } from '@holdfast/api/read-positions';
import { createProduct } from '@holdfast/db/testing';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trpcAdapterOptions } from '../src/trpc-plugin.ts';
import { placeOrderOverHttp, startTestServer, type TestServer } from './test-server.ts';

// The server answers a request with one call itself (trpc-single-call.ts) and leaves the rest to
// tRPC's adapter. Each request below goes to it and to tRPC's own Fastify plugin, given the same
// options, over the same database: the two answers must be the same.

let server: TestServer;
let reference: FastifyInstance;
let referenceUrl: string;

beforeAll(async () => {
  server = await startTestServer();
  reference = Fastify();
  await reference.register(fastifyCookie);
  await reference.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: trpcAdapterOptions(server.t.db),
  });
  referenceUrl = await reference.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await reference.close();
  await server.close();
});

interface Sent {
  method?: 'GET' | 'POST';
  /** After /trpc/. */
  target: string;
  body?: string;
  headers?: Record<string, string>;
}

const json = { 'content-type': 'application/json' };
const asInput = (value: unknown) => encodeURIComponent(JSON.stringify({ json: value }));

async function send(origin: string, { method = 'GET', target, body, headers }: Sent) {
  const response = await fetch(`${origin}/trpc/${target}`, { method, body, headers });
  return {
    status: response.status,
    headers: {
      contentType: response.headers.get('content-type'),
      vary: response.headers.get('vary'),
      retryAfter: response.headers.get('retry-after'),
      writtenPositions: response.headers.get(writtenPositionsHeader) !== null,
    },
    body: await response.text(),
    chunked: response.headers.get('transfer-encoding') === 'chunked',
  };
}

async function bothAnswer(sent: Sent) {
  const [ours, theirs] = [await send(server.url, sent), await send(referenceUrl, sent)];
  expect({ status: ours.status, headers: ours.headers }).toEqual({
    status: theirs.status,
    headers: theirs.headers,
  });
  expect(ours.body).toBe(theirs.body);
  return { ours, theirs };
}

describe("one call per request, answered as tRPC's adapter answers it", () => {
  it.each<[string, Sent]>([
    ['a query without input', { target: 'catalog.categories' }],
    ['a query with input', { target: `catalog.products?input=${asInput({ limit: 3 })}` }],
    [
      'a query whose answer is NOT_FOUND',
      { target: `catalog.product?input=${asInput({ slug: 'no-such-product' })}` },
    ],
    ['a query whose input fails its schema', { target: `catalog.products?input=${asInput({ limit: -1 })}` }],
    ['a query whose input is missing', { target: 'catalog.product' }],
    [
      'a mutation whose answer is NOT_FOUND',
      {
        method: 'POST',
        target: 'checkout.placeOrder',
        headers: json,
        body: JSON.stringify({
          json: {
            cartToken: 'a'.repeat(32),
            email: 'a@b.co',
            expectedTotal: 100,
            idempotencyKey: 'single-call-1',
          },
        }),
      },
    ],
    [
      'a mutation whose input fails its schema',
      { method: 'POST', target: 'cart.setItem', headers: json, body: JSON.stringify({ json: { token: 5 } }) },
    ],
  ])('%s: the same status, headers and body, sent whole', async (_label, sent) => {
    const { ours, theirs } = await bothAnswer(sent);
    // tRPC's adapter streams its answer; the server's own sends it with its length
    expect(ours.chunked).toBe(false);
    expect(theirs.chunked).toBe(true);
  });

  it('a write that pins replica reads: the same answer, and a written position, from both', async () => {
    const { variants } = await createProduct(server.t.db.primaryEm(), [{ priceCents: 700, stock: 5 }]);
    const admin = { email: 'single-call-admin@example.com', password: 'a long admin password' };
    await ensureAdmin(server.t.db, admin, { existingAdmin: 'keep' });
    const { token: session } = await server.newClient().account.login.mutate(admin);
    const { ours } = await bothAnswer({
      method: 'POST',
      target: 'admin.setPrice',
      headers: { ...json, authorization: `Bearer ${session}` },
      body: JSON.stringify({ json: { variantId: variants[0]?.id, priceCents: 1200 } }),
    });
    expect(ours.headers.writtenPositions).toBe(true);
  });

  it('an order placed, then its emptied cart ordered again: the same CART_EMPTY from both', async () => {
    const { variants } = await createProduct(server.t.db.primaryEm(), [{ priceCents: 1200, stock: 5 }]);
    const variant = variants[0];
    if (!variant) throw new Error('fixture has a variant');
    const { order, cartToken } = await placeOrderOverHttp(server.newClient(), variant.id, 1, 'same@b.co');
    const { ours } = await bothAnswer({
      method: 'POST',
      target: 'checkout.placeOrder',
      headers: json,
      body: JSON.stringify({
        json: {
          cartToken,
          email: 'same@b.co',
          expectedTotal: order.totalCents,
          idempotencyKey: 'a-fresh-key',
        },
      }),
    });
    expect(JSON.parse(ours.body).error.json.data.details).toEqual({ reason: 'CART_EMPTY' });
  });
});

describe("left to tRPC's adapter", () => {
  it.each<[string, Sent]>([
    [
      'a batch',
      {
        target: `catalog.categories,catalog.products?batch=1&input=${encodeURIComponent('{"1":{"json":{}}}')}`,
      },
    ],
    ['an unknown procedure', { target: 'catalog.nothing' }],
    ['a query sent as a POST', { method: 'POST', target: 'catalog.categories', headers: json, body: '{}' }],
    ['a mutation sent as a GET', { target: 'cart.create' }],
    ['input that is not JSON', { target: 'catalog.products?input=%7Bnot-json' }],
    [
      'a body that is not JSON',
      { method: 'POST', target: 'checkout.placeOrder', headers: json, body: '{"json": {' },
    ],
    [
      'a repeated input parameter',
      { target: `catalog.products?input=${asInput({})}&input=${asInput({ limit: 1 })}` },
    ],
    [
      'a streamed answer asked for',
      { target: 'catalog.categories', headers: { 'trpc-accept': 'application/jsonl' } },
    ],
  ])('%s: answered by the adapter', async (_label, sent) => {
    const { ours } = await bothAnswer(sent);
    expect(ours.chunked).toBe(true);
  });
});
