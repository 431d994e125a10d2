import { createHoldfastClient } from '@holdfast/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** A client whose every HTTP request is recorded: method and the path with its query. */
function recordingClient() {
  const requests: string[] = [];
  const client = createHoldfastClient({
    url: `${server.url}/trpc`,
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      requests.push(`${init?.method ?? 'GET'} ${decodeURIComponent(url.pathname + url.search)}`);
      return fetch(input, init);
    },
  });
  return { client, requests };
}

describe('the client package over HTTP', () => {
  it('queries made together travel in one batched request', async () => {
    const { client, requests } = recordingClient();
    const [categories, page] = await Promise.all([
      client.catalog.categories.query(),
      client.catalog.products.query({}),
    ]);
    expect(Array.isArray(categories)).toBe(true);
    expect(Array.isArray(page.items)).toBe(true);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^GET \/trpc\/catalog\.categories,catalog\.products\?batch=1&input=/);
  });

  it('each mutation is sent at once in a request of its own', async () => {
    const { client, requests } = recordingClient();
    const carts = await Promise.all([client.cart.create.mutate(), client.cart.create.mutate()]);
    expect(new Set(carts.map((cart) => cart.token)).size).toBe(2);
    expect(requests).toEqual(['POST /trpc/cart.create', 'POST /trpc/cart.create']);
    const stored = await server.t.sql(
      'primary',
      'select count(*)::int as n from cart where token = any($1)',
      [carts.map((cart) => cart.token)],
    );
    expect(stored[0]?.n).toBe(2);
  });
});
