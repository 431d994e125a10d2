import { Migration } from '@mikro-orm/migrations';

export class Migration20261126191806_payments_and_order_lifecycle extends Migration {
  override name = 'Migration20261126191806_payments_and_order_lifecycle';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "processed_payment_event" ("id" serial primary key, "provider" varchar(40) not null, "event_id" varchar(200) not null, "type" varchar(100) not null, "processed_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "processed_payment_event" add constraint "processed_payment_event_provider_event_id_unique" unique ("provider", "event_id");`,
    );

    this.addSql(
      `create index "orders_awaiting_payment_created_at_index" on "orders" ("created_at", "id") where status = 'awaiting_payment';`,
    );

    this.addSql(
      `alter table "payment" add "card_last4" varchar(4) null, add "failure_code" varchar(60) null, add "lease_expires_at" timestamptz null;`,
    );
    this.addSql(`create index "payment_provider_reference_index" on "payment" ("provider_reference");`);
    this.addSql(
      `create unique index "payment_one_open_per_order_unique" on "payment" ("order_id") where status in ('pending', 'authorized', 'captured');`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "processed_payment_event" cascade;`);

    this.addSql(`drop index "orders_awaiting_payment_created_at_index";`);

    this.addSql(`drop index "payment_provider_reference_index";`);
    this.addSql(`drop index "payment_one_open_per_order_unique";`);
    this.addSql(
      `alter table "payment" drop column "card_last4", drop column "failure_code", drop column "lease_expires_at";`,
    );
  }
}
