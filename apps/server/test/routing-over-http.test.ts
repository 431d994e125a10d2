import { createProduct } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('read-your-writes over HTTP', () => {
  it('a client that wrote after a change sees it; a client that did not is served by the paused replica', async () => {
    const { product, variants } = await createProduct(server.t.db.primaryEm(), [
      { priceCents: 1000, stock: 10 },
    ]);
    const variant = variants[0];
    if (!variant) throw new Error('fixture has a variant');
    await server.t.replicaCaughtUp();
    const writer = server.newClient();
    const reader = server.newClient();
    const { token } = await writer.cart.create.mutate();
    await server.t.cluster.replica.pauseReplay();
    try {
      await server.t.sql('primary', 'update variant set price_cents = 1200 where id = $1', [variant.id]);
      // the writer's next write carries a WAL position the paused replica has not reached
      await writer.cart.setItem.mutate({ token, variantId: variant.id, quantity: 1 });
      await server.t.db.refreshHealth();

      const stale = await reader.catalog.product.query({ slug: product.slug });
      const fresh = await writer.catalog.product.query({ slug: product.slug });
      expect(stale.variants[0]?.priceCents).toBe(1000);
      expect(fresh.variants[0]?.priceCents).toBe(1200);
    } finally {
      await server.t.cluster.replica.resumeReplay();
    }
    await server.t.replicaCaughtUp();
    await server.t.db.refreshHealth();
    const laterReader = server.newClient();
    expect((await laterReader.catalog.product.query({ slug: product.slug })).variants[0]?.priceCents).toBe(
      1200,
    );
  });
});

describe('the query log', () => {
  it('names the server each query ran on and never shows string values', async () => {
    const client = server.newClient();
    await server.t.db.refreshHealth();
    server.logLines.length = 0;
    await client.catalog.categories.query();
    const { token } = await client.cart.create.mutate();
    const queries = server.logLines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'query');
    expect(queries.some((entry) => entry.connection === 'replica-1' && entry.sql.includes('category'))).toBe(
      true,
    );
    expect(queries.some((entry) => entry.connection === 'primary' && entry.sql.includes('insert'))).toBe(
      true,
    );
    expect(server.logLines.join('\n')).not.toContain(token);
  });
});
