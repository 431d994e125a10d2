import { createProduct } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample, scrape } from './metrics-scrape.ts';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('GET /metrics', () => {
  it('Prometheus text whose routing, checkout, latency, health and pool series move with the traffic', async () => {
    const { product, variants } = await createProduct(server.t.db.primaryEm(), [
      { priceCents: 600, stock: 1 },
    ]);
    await server.t.replicaCaughtUp();
    await server.t.db.refreshHealth();
    const before = await scrape(server.url);

    const client = server.newClient();
    await client.catalog.product.query({ slug: product.slug });
    await client.catalog.categories.query();
    const { token } = await client.cart.create.mutate();
    await client.cart.setItem.mutate({ token, variantId: variants[0]?.id ?? 0, quantity: 1 });
    const second = await client.cart.create.mutate();
    await client.cart.setItem.mutate({ token: second.token, variantId: variants[0]?.id ?? 0, quantity: 1 });
    const order = {
      cartToken: token,
      email: 'metrics@example.com',
      expectedTotal: 600,
      idempotencyKey: 'metrics-order-1',
    };
    await client.checkout.placeOrder.mutate(order);
    await client.checkout.placeOrder.mutate(order);
    // the one unit is sold: the second cart's order is refused
    await expect(
      client.checkout.placeOrder.mutate({
        ...order,
        cartToken: second.token,
        idempotencyKey: 'metrics-order-2',
      }),
    ).rejects.toThrow();

    const after = await scrape(server.url);
    const grew = (name: string, labels: Record<string, string> = {}) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(
      grew('holdfast_reads_total', { procedure: 'catalog.product', target: 'replica-1', fallback: '' }),
    ).toBe(1);
    expect(grew('holdfast_reads_total', { procedure: 'catalog.categories', target: 'replica-1' })).toBe(1);
    expect(
      grew('holdfast_procedure_duration_seconds', { procedure: 'checkout.placeOrder', outcome: 'ok' }),
    ).toBe(2);
    expect(
      grew('holdfast_procedure_duration_seconds', { procedure: 'checkout.placeOrder', outcome: 'CONFLICT' }),
    ).toBe(1);
    expect(grew('holdfast_checkout_outcomes_total', { outcome: 'placed' })).toBe(1);
    expect(grew('holdfast_checkout_outcomes_total', { outcome: 'idempotent_replay' })).toBe(1);
    expect(grew('holdfast_checkout_outcomes_total', { outcome: 'sold_out' })).toBe(1);
    expect(grew('holdfast_stock_lock_wait_seconds')).toBe(2);
    expect(sample(after, 'holdfast_primary_up')).toBe(1);
    expect(sample(after, 'holdfast_replica_up', { replica: 'replica-1' })).toBe(1);
    expect(sample(after, 'holdfast_replica_staleness_seconds', { replica: 'replica-1' })).toBeLessThan(60);
    const pools = after.families.find((family) => family.name === 'holdfast_db_pool_connections');
    expect(pools?.metrics.map((metric) => `${metric.labels?.pool}/${metric.labels?.state}`)).toEqual(
      expect.arrayContaining(['primary/in_use', 'primary/waiting', 'replica-1/idle']),
    );
    expect(after.families.map((family) => family.name)).toEqual(
      expect.arrayContaining([
        'holdfast_transaction_retries_total',
        'holdfast_read_your_writes_wait_seconds',
        'holdfast_password_hashes',
        'holdfast_process_resident_memory_bytes',
      ]),
    );
  });
});
