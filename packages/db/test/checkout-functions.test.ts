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

describe('checkout_lock_cart and checkout_lock_cart_and_variants', () => {
  it('keep one plan of each cart read per connection, as migrated', async () => {
    // left to choose, PostgreSQL planned the read anew on every call (docs/benchmarks.md, pass 7)
    const rows = await t.sql<{ name: string; settings: string[] }>(
      'primary',
      "select proname as name, proconfig as settings from pg_proc where proname like 'checkout_lock_cart%' order by proname",
    );
    expect(rows).toEqual([
      { name: 'checkout_lock_cart', settings: ['plan_cache_mode=force_generic_plan'] },
      { name: 'checkout_lock_cart_and_variants', settings: ['plan_cache_mode=force_generic_plan'] },
    ]);
  });
});
