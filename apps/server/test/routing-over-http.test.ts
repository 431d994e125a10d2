import { ensureAdmin } from '@holdfast/api';
import { createProduct } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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

describe('fallback logging', () => {
  it('a stopped replica under load: every read is answered by the primary, and the log gets a line or two a second that count them, not one per read', async () => {
    const client = server.newClient();
    await server.t.cluster.replica.stop();
    try {
      await server.t.db.refreshHealth();
      server.logLines.length = 0;
      // ten rounds of twenty concurrent reads (a batch of 200 would not fit in one URL)
      for (let round = 0; round < 10; round++) {
        const reads = await Promise.allSettled(
          Array.from({ length: 20 }, () => client.catalog.categories.query()),
        );
        expect(reads.filter((read) => read.status === 'rejected')).toEqual([]);
      }
      const warnings = () =>
        server.logLines
          .map((line) => JSON.parse(line))
          .filter((entry) => /fell back to the primary/.test(entry.msg));
      // a line with the detail at once (or a count, if one came less than a second ago), then one count a second
      expect(warnings().length).toBeLessThanOrEqual(3);
      await vi.waitFor(
        () => {
          const counted = warnings().reduce((sum, entry) => sum + (entry.fallbacks?.replica_down ?? 0), 0);
          const detailed = warnings().filter((entry) => entry.reason === 'replica_down').length;
          expect(counted + detailed).toBe(200);
        },
        { timeout: 5_000, interval: 100 },
      );
      expect(warnings().length).toBeLessThanOrEqual(4);
    } finally {
      await server.t.cluster.replica.start();
    }
    await server.t.replicaCaughtUp();
  });
});
