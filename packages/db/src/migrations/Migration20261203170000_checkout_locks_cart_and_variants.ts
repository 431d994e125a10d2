import { Migration } from '@mikro-orm/migrations';
import { checkoutFunction } from '../checkout-functions.ts';

/**
 * checkout_lock_cart_and_variants: the cart and its variants locked in checkout's first round trip,
 * neither lock waiting (migrations/sql/checkout_lock_cart_and_variants.sql), so a checkout whose
 * rows nobody holds takes two round trips instead of three.
 */
export class Migration20261203170000_checkout_locks_cart_and_variants extends Migration {
  override name = 'Migration20261203170000_checkout_locks_cart_and_variants';

  override up(): void | Promise<void> {
    this.addSql(checkoutFunction('checkout_lock_cart_and_variants'));
  }

  override down(): void | Promise<void> {
    this.addSql('drop function checkout_lock_cart_and_variants(text);');
  }
}
