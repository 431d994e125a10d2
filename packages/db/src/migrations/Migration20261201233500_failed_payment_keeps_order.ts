import { Migration } from '@mikro-orm/migrations';

/**
 * A declined or failed payment no longer closes its order: the order keeps waiting, with its
 * stock held, so the customer can pay again until the hold runs out. Orders that an earlier
 * failure closed had their stock returned like a cancelled one, and are cancelled ones now; the
 * ledger keeps its `payment_failed` entries, which say why that stock came back.
 */
export class Migration20261201233500_failed_payment_keeps_order extends Migration {
  override name = 'Migration20261201233500_failed_payment_keeps_order';

  override up(): void | Promise<void> {
    this.addSql(`update "orders" set "status" = 'cancelled' where "status" = 'payment_failed';`);
    this.addSql('alter table "orders" drop constraint "orders_status_check";');
    this.addSql(
      `alter table "orders" add constraint "orders_status_check" check ("status" in ('awaiting_payment', 'paid', 'fulfilled', 'cancelled'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql('alter table "orders" drop constraint "orders_status_check";');
    this.addSql(
      `alter table "orders" add constraint "orders_status_check" check ("status" in ('awaiting_payment', 'paid', 'fulfilled', 'cancelled', 'payment_failed'));`,
    );
  }
}
