import { describe, expect, it } from 'vitest';
import { checkoutFunction, checkoutLineColumns } from '../src/checkout-functions.ts';

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
