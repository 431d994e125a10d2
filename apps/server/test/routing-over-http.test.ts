import { ensureAdmin } from '@holdfast/api';
import { createProduct } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('read-your-writes over HTTP', () => {
  it('an admin who changed a price sees it at once; a shopper whose cart write pins nothing is served by the paused replica', async () => {
    const { product, variants } = await createProduct(server.t.db.primaryEm(), [
      { priceCents: 1000, stock: 10 },
    ]);
    const variant = variants[0];
    if (!variant) throw new Error('fixture has a variant');
    const admin = { email: 'routing-admin@example.com', password: 'a long admin password' };
    await ensureAdmin(server.t.db, admin, { existingAdmin: 'keep' });
    const { token: adminSession } = await server.newClient().account.login.mutate(admin);
    const adminClient = server.newClient(adminSession);
    const shopper = server.newClient();
    const { token } = await shopper.cart.create.mutate();
    await server.t.replicaCaughtUp();
    await server.t.db.refreshHealth();
    await server.t.cluster.replica.pauseReplay();
    try {
      await adminClient.admin.setPrice.mutate({ variantId: variant.id, priceCents: 1200 });
      await shopper.cart.setItem.mutate({ token, variantId: variant.id, quantity: 1 });

      const stale = await shopper.catalog.product.query({ slug: product.slug });
      const fresh = await adminClient.catalog.product.query({ slug: product.slug });
      expect(stale.variants[0]?.priceCents).toBe(1000);
      expect(fresh.variants[0]?.priceCents).toBe(1200);
    } finally {
      await server.t.cluster.replica.resumeReplay();
    }
    await server.t.replicaCaughtUp();
    await server.t.db.refreshHealth();
    server.logLines.length = 0;
    expect((await adminClient.catalog.product.query({ slug: product.slug })).variants[0]?.priceCents).toBe(
      1200,
    );
    // once the replica has the write, the admin's reads are back on it
    const queries = server.logLines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'query');
    expect(queries.map((entry) => entry.connection)).toContain('replica-1');
    expect(queries.filter((entry) => entry.connection === 'primary')).toEqual([]);
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
