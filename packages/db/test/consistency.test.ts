import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsistency, type Variant } from '../src/index.ts';
import { createProduct, createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

const checkScript = fileURLToPath(new URL('../src/cli/check.ts', import.meta.url));
const hold = { holdMs: 15 * 60_000, graceMs: 30_000 };

let t: TestDatabase;
let variant: Variant;
beforeAll(async () => {
  t = await createTestDatabase();
  [variant] = (await createProduct(t.db.primaryEm(), [{ priceCents: 700, stock: 10 }])).variants as [Variant];
});
afterAll(() => t.drop());

const findings = () => t.db.withoutTimeouts((orm) => checkConsistency(orm.em.fork(), hold));

/** `npm run db:check` against this file's database: its exit code and what it printed. */
function runCheck(): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [checkScript],
      { env: { PATH: process.env.PATH, DATABASE_URL: t.primaryUrl }, timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, output: stdout + stderr }),
    );
  });
}

async function insertOrder(status: string, placedAgo: string): Promise<string> {
  const number = `HF-CHECK-${status}-${Math.random().toString(36).slice(2, 8)}`;
  await t.sql(
    'primary',
    `insert into orders (number, email, status, total_cents, idempotency_key, request_hash, created_at)
     values ($1, 'check@example.com', $2, 700, $1, 'x', now() - $3::interval)`,
    [number, status, placedAgo],
  );
  return number;
}

describe('the consistency check (npm run db:check)', () => {
  it('finds nothing in a consistent database, and the CLI exits 0', async () => {
    expect(await findings()).toEqual([]);
    expect(await runCheck()).toMatchObject({ code: 0, output: expect.stringContaining('consistent') });
  });

  it('reports each kind of corruption, and the CLI exits 1 naming it', async () => {
    await t.sql('primary', 'update variant set stock_on_hand = stock_on_hand + 1 where id = $1', [
      variant.id,
    ]);
    const paid = await insertOrder('paid', '1 minute');
    const stale = await insertOrder('awaiting_payment', '1 hour');
    // a fresh unpaid order is within its hold: not a finding
    await insertOrder('awaiting_payment', '1 minute');
    await t.sql('primary', 'alter table variant drop constraint variant_stock_on_hand_check');
    const [negative] = (await createProduct(t.db.primaryEm(), [{ priceCents: 100, stock: 0 }])).variants as [
      Variant,
    ];
    await t.sql('primary', 'update variant set stock_on_hand = -2 where id = $1', [negative.id]);

    expect(await findings()).toEqual([
      {
        check: 'stock_differs_from_ledger',
        subject: `variant ${variant.sku}`,
        detail: 'stock on hand 11, ledger sums to 10',
      },
      {
        check: 'stock_differs_from_ledger',
        subject: `variant ${negative.sku}`,
        detail: 'stock on hand -2, ledger sums to 0',
      },
      { check: 'negative_stock', subject: `variant ${negative.sku}`, detail: 'stock on hand -2' },
      { check: 'paid_without_capture', subject: `order ${paid}`, detail: 'paid with no captured payment' },
      {
        check: 'held_past_hold',
        subject: `order ${stale}`,
        detail: expect.stringContaining('past the hold'),
      },
    ]);
    const { code, output } = await runCheck();
    expect(code).toBe(1);
    expect(output).toContain(`paid_without_capture\torder ${paid}`);
    expect(output).toContain('5 finding(s)');
  });
});
