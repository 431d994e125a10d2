import { migrationSql } from './migration-sql.ts';

/**
 * Checkout's PL/pgSQL functions, from migrations/sql: kept as SQL files so they read, diff and
 * lint as SQL. Each is `create or replace`, so changing one means editing its file and adding a
 * migration that applies it again; a new database runs both and ends with the same text.
 */
export function checkoutFunction(
  name: 'checkout_lock_cart' | 'checkout_lock_cart_and_variants' | 'checkout_write_order',
): string {
  return migrationSql(name);
}

/**
 * One line of an order as checkout_write_order (migrations/sql/checkout_write_order.sql) reads
 * it from its JSON argument: the keys are the columns of that function's jsonb_to_recordset, so
 * a key renamed on one side only would write nulls. The API's PricedLine extends it, and
 * checkout-functions.test.ts compares these keys with the function's column list.
 */
export interface CheckoutLine {
  variantId: number;
  quantity: number;
  sku: string;
  productName: string;
  variantName: string;
  unitPriceCents: number;
}

/** The recordset's column types, by key; `satisfies` fails to compile if a key is missing or extra. */
export const checkoutLineColumns = {
  variantId: 'int',
  quantity: 'int',
  sku: 'text',
  productName: 'text',
  variantName: 'text',
  unitPriceCents: 'int',
} as const satisfies Record<keyof CheckoutLine, string>;
