import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutFunction, checkoutLineColumns } from '../src/checkout-functions.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

describe('checkout_write_order and CheckoutLine', () => {
  it('read the same keys with the same types', () => {
    const recordset = /jsonb_to_recordset\(order_lines\) as l\(([^)]*)\)/.exec(
      checkoutFunction('checkout_write_order'),
    );
    expect(recordset).not.toBeNull();
    const columns = Object.fromEntries(
      (recordset?.[1] ?? '').split(',').map((column) => {
        const [name = '', type = ''] = column.trim().split(/\s+/);
        return [name.replaceAll('"', ''), type];
      }),
    );
    expect(columns).toEqual(checkoutLineColumns);
  });
});

describe('checkout_lock_cart', () => {
  it('keeps one plan of its cart read per connection, as migrated', async () => {
    // left to choose, PostgreSQL planned the read anew on every call (docs/benchmarks.md, pass 7)
    const [row] = await t.sql<{ settings: string[] }>(
      'primary',
      "select proconfig as settings from pg_proc where proname = 'checkout_lock_cart'",
    );
    expect(row?.settings).toEqual(['plan_cache_mode=force_generic_plan']);
  });
});
