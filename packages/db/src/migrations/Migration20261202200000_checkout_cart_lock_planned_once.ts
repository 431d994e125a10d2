import { Migration } from '@mikro-orm/migrations';
import { checkoutFunction } from '../checkout-functions.ts';

/**
 * checkout_lock_cart keeps one plan per connection, as the checkout_functions migration meant it
 * to: PostgreSQL's plan cache chose a custom plan, planned anew, on every call of the function's
 * cart read. The function now forces the generic plan (migrations/sql/checkout_lock_cart.sql).
 */
export class Migration20261202200000_checkout_cart_lock_planned_once extends Migration {
  override name = 'Migration20261202200000_checkout_cart_lock_planned_once';

  override up(): void | Promise<void> {
    this.addSql(checkoutFunction('checkout_lock_cart'));
  }

  override down(): void | Promise<void> {
    this.addSql('alter function checkout_lock_cart(text) reset plan_cache_mode;');
  }
}
