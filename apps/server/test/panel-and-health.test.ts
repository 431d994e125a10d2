import { createProduct } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

interface HealthBody {
  primary: { up: boolean };
  replicas: { name: string; up: boolean; lagMs: number | null }[];
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('panel', () => {
  it('serves a page that lists the routers and their procedures', async () => {
    const response = await fetch(`${server.url}/panel`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    for (const name of [
      'catalog',
      'categories',
      'products',
      'cart',
      'setItem',
      'checkout',
      'placeOrder',
      'orders',
    ]) {
      expect(html).toContain(name);
    }
  });
});

describe('health', () => {
  it('reports the primary and the replica with its lag', async () => {
    // a replica still behind every WAL sample the monitor kept has no known lag (null) yet
    await server.t.replicaCaughtUp();
    const response = await fetch(`${server.url}/healthz`);
    const body = (await response.json()) as HealthBody;
    expect(response.status).toBe(200);
    expect(body.primary.up).toBe(true);
    expect(body.replicas).toHaveLength(1);
    expect(body.replicas[0]).toMatchObject({ name: 'replica-1', up: true });
    expect(typeof body.replicas[0]?.lagMs).toBe('number');
  });

  it('with the replica stopped: reports it down and the catalog is served by the primary', async () => {
    const { product } = await createProduct(server.t.db.primaryEm(), [{ priceCents: 1500, stock: 3 }]);
    const client = server.newClient();
    await server.t.cluster.replica.stop();
    try {
      const body = (await (await fetch(`${server.url}/healthz`)).json()) as HealthBody;
      expect(body.replicas[0]?.up).toBe(false);
      const fallbacksBefore = server.t.db.counters.primaryFallbacks;
      const shown = await client.catalog.product.query({ slug: product.slug });
      expect(shown.variants[0]?.priceCents).toBe(1500);
      expect(server.t.db.counters.primaryFallbacks).toBe(fallbacksBefore + 1);
    } finally {
      await server.t.cluster.replica.start();
      await server.t.replicaCaughtUp();
      await server.t.db.refreshHealth();
    }
  });
});
