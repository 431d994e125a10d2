import { createProduct } from '@holdfast/db/testing';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

interface Scrape {
  families: ReturnType<typeof parsePrometheusTextFormat>;
  text: string;
}

async function scrape(): Promise<Scrape> {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  // the parser throws on anything that is not the text format
  return { families: parsePrometheusTextFormat(text), text };
}

const matches = (labels: Record<string, string>, wanted: Record<string, string>) =>
  Object.entries(wanted).every(([key, value]) => labels[key] === value);

/**
 * A counter's or gauge's value, or a histogram's count, for the series whose labels include
 * `labels`. The parser folds labelled histograms into their buckets, so their `_count` series
 * are read from the parsed text's lines.
 */
function sample({ families, text }: Scrape, name: string, labels: Record<string, string> = {}): number {
  const family = families.find((candidate) => candidate.name === name);
  if (family?.type === 'HISTOGRAM') {
    const counts = text
      .split('\n')
      .filter((line) => line.startsWith(`${name}_count{`) || line.startsWith(`${name}_count `))
      .map((line) => {
        const [, labelText = '', value = '0'] = /(?:\{(.*)\})? (\S+)$/.exec(line) ?? [];
        const parsed = Object.fromEntries(
          [...labelText.matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]),
        );
        return { labels: parsed as Record<string, string>, value: Number(value) };
      });
    return counts.find((count) => matches(count.labels, labels))?.value ?? 0;
  }
  const found = family?.metrics.find((metric) => matches(metric.labels ?? {}, labels));
  return Number(found?.value ?? 0);
}

describe('GET /metrics', () => {
  it('Prometheus text whose routing, checkout, latency, health and pool series move with the traffic', async () => {
    const { product, variants } = await createProduct(server.t.db.primaryEm(), [
      { priceCents: 600, stock: 1 },
    ]);
    await server.t.replicaCaughtUp();
    await server.t.db.refreshHealth();
    const before = await scrape();

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

    const after = await scrape();
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
        'holdfast_process_resident_memory_bytes',
      ]),
    );
  });
});
