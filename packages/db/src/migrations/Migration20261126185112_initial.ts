import { Migration } from '@mikro-orm/migrations';

export class Migration20261126185112_initial extends Migration {
  override name = 'Migration20261126185112_initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "category" ("id" serial primary key, "slug" varchar(120) not null, "name" varchar(200) not null);`,
    );
    this.addSql(`alter table "category" add constraint "category_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "customer" ("id" serial primary key, "email" varchar(320) not null, "password_hash" varchar(200) not null, "role" text not null default 'customer', "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "customer" add constraint "customer_email_unique" unique ("email");`);

    this.addSql(
      `create table "cart" ("id" serial primary key, "token" varchar(64) not null, "customer_id" int null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`alter table "cart" add constraint "cart_token_unique" unique ("token");`);
    this.addSql(`create index "cart_customer_id_index" on "cart" ("customer_id");`);

    this.addSql(
      `create table "orders" ("id" serial primary key, "number" varchar(32) not null, "email" varchar(320) not null, "customer_id" int null, "status" text not null default 'awaiting_payment', "total_cents" int not null, "idempotency_key" varchar(200) not null, "request_hash" varchar(64) not null, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "orders" add constraint "orders_number_unique" unique ("number");`);
    this.addSql(`create index "orders_email_index" on "orders" ("email");`);
    this.addSql(`create index "orders_customer_id_index" on "orders" ("customer_id");`);
    this.addSql(
      `alter table "orders" add constraint "orders_idempotency_key_unique" unique ("idempotency_key");`,
    );
    this.addSql(`create index "orders_created_at_index" on "orders" ("created_at");`);

    this.addSql(
      `create table "payment" ("id" serial primary key, "order_id" int not null, "amount_cents" int not null, "status" text not null default 'pending', "provider" varchar(40) not null, "provider_reference" varchar(200) null, "idempotency_key" varchar(200) not null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "payment_order_id_index" on "payment" ("order_id");`);
    this.addSql(
      `alter table "payment" add constraint "payment_idempotency_key_unique" unique ("idempotency_key");`,
    );

    this.addSql(
      `create table "product" ("id" serial primary key, "slug" varchar(200) not null, "name" varchar(200) not null, "description" text not null, "active" boolean not null default true, "category_id" int not null, "price_from_cents" int not null, "created_at" timestamptz not null, "search_vector" tsvector generated always as (to_tsvector('english', name || ' ' || description)) stored not null);`,
    );
    this.addSql(`alter table "product" add constraint "product_slug_unique" unique ("slug");`);
    this.addSql(`create index "product_category_id_index" on "product" ("category_id");`);
    this.addSql(
      `create index "product_search_vector_index" on "public"."product" using gin("search_vector");`,
    );
    this.addSql(`create index "product_price_from_id_index" on "product" ("price_from_cents", "id");`);
    this.addSql(`create index "product_created_at_id_index" on "product" ("created_at", "id");`);

    this.addSql(
      `create table "session" ("id" serial primary key, "customer_id" int not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "session_customer_id_index" on "session" ("customer_id");`);
    this.addSql(`alter table "session" add constraint "session_token_hash_unique" unique ("token_hash");`);

    this.addSql(
      `create table "variant" ("id" serial primary key, "product_id" int not null, "sku" varchar(64) not null, "name" varchar(200) not null, "price_cents" int not null, "stock_on_hand" int not null);`,
    );
    this.addSql(`create index "variant_product_id_index" on "variant" ("product_id");`);
    this.addSql(`alter table "variant" add constraint "variant_sku_unique" unique ("sku");`);
    this.addSql(`create index "variant_price_cents_index" on "variant" ("price_cents");`);

    this.addSql(
      `create table "stock_movement" ("id" serial primary key, "variant_id" int not null, "delta" int not null, "reason" text not null, "order_id" int null, "note" varchar(500) null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "stock_movement_variant_id_index" on "stock_movement" ("variant_id");`);
    this.addSql(`create index "stock_movement_order_id_index" on "stock_movement" ("order_id");`);

    this.addSql(
      `create table "order_line" ("id" serial primary key, "order_id" int not null, "variant_id" int not null, "sku" varchar(64) not null, "product_name" varchar(200) not null, "variant_name" varchar(200) not null, "unit_price_cents" int not null, "quantity" int not null);`,
    );
    this.addSql(`create index "order_line_order_id_index" on "order_line" ("order_id");`);
    this.addSql(`create index "order_line_variant_id_index" on "order_line" ("variant_id");`);

    this.addSql(
      `create table "cart_item" ("id" serial primary key, "cart_id" int not null, "variant_id" int not null, "quantity" int not null);`,
    );
    this.addSql(`create index "cart_item_variant_id_index" on "cart_item" ("variant_id");`);
    this.addSql(
      `alter table "cart_item" add constraint "cart_item_cart_id_variant_id_unique" unique ("cart_id", "variant_id");`,
    );

    this.addSql(
      `alter table "customer" add constraint "customer_email_lowercase" check (email = lower(email));`,
    );
    this.addSql(
      `alter table "customer" add constraint "customer_role_check" check ("role" in ('customer', 'admin'));`,
    );

    this.addSql(
      `alter table "cart" add constraint "cart_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "orders" add constraint "orders_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on delete set null;`,
    );
    this.addSql(`alter table "orders" add constraint "orders_total_cents_check" check (total_cents >= 0);`);
    this.addSql(
      `alter table "orders" add constraint "orders_status_check" check ("status" in ('awaiting_payment', 'paid', 'fulfilled', 'cancelled', 'payment_failed'));`,
    );

    this.addSql(
      `alter table "payment" add constraint "payment_order_id_foreign" foreign key ("order_id") references "orders" ("id");`,
    );
    this.addSql(
      `alter table "payment" add constraint "payment_amount_cents_check" check (amount_cents >= 0);`,
    );
    this.addSql(
      `alter table "payment" add constraint "payment_status_check" check ("status" in ('pending', 'authorized', 'captured', 'declined', 'failed', 'refunded', 'voided'));`,
    );

    this.addSql(
      `alter table "product" add constraint "product_category_id_foreign" foreign key ("category_id") references "category" ("id");`,
    );
    this.addSql(
      `alter table "product" add constraint "product_price_from_cents_check" check (price_from_cents >= 0);`,
    );

    this.addSql(
      `alter table "session" add constraint "session_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "variant" add constraint "variant_product_id_foreign" foreign key ("product_id") references "product" ("id");`,
    );
    this.addSql(`alter table "variant" add constraint "variant_price_cents_check" check (price_cents >= 0);`);
    this.addSql(
      `alter table "variant" add constraint "variant_stock_on_hand_check" check (stock_on_hand >= 0);`,
    );

    this.addSql(
      `alter table "stock_movement" add constraint "stock_movement_variant_id_foreign" foreign key ("variant_id") references "variant" ("id");`,
    );
    this.addSql(
      `alter table "stock_movement" add constraint "stock_movement_order_id_foreign" foreign key ("order_id") references "orders" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "stock_movement" add constraint "stock_movement_delta_check" check (delta <> 0);`,
    );
    this.addSql(
      `alter table "stock_movement" add constraint "stock_movement_reason_check" check ("reason" in ('initial', 'order', 'order_cancelled', 'payment_failed', 'adjustment'));`,
    );

    this.addSql(
      `alter table "order_line" add constraint "order_line_order_id_foreign" foreign key ("order_id") references "orders" ("id");`,
    );
    this.addSql(
      `alter table "order_line" add constraint "order_line_variant_id_foreign" foreign key ("variant_id") references "variant" ("id");`,
    );
    this.addSql(
      `alter table "order_line" add constraint "order_line_unit_price_cents_check" check (unit_price_cents >= 0);`,
    );
    this.addSql(`alter table "order_line" add constraint "order_line_quantity_check" check (quantity > 0);`);

    this.addSql(
      `alter table "cart_item" add constraint "cart_item_cart_id_foreign" foreign key ("cart_id") references "cart" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "cart_item" add constraint "cart_item_variant_id_foreign" foreign key ("variant_id") references "variant" ("id");`,
    );
    this.addSql(`alter table "cart_item" add constraint "cart_item_quantity_check" check (quantity > 0);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "product" drop constraint "product_category_id_foreign";`);
    this.addSql(`alter table "cart" drop constraint "cart_customer_id_foreign";`);
    this.addSql(`alter table "orders" drop constraint "orders_customer_id_foreign";`);
    this.addSql(`alter table "session" drop constraint "session_customer_id_foreign";`);
    this.addSql(`alter table "cart_item" drop constraint "cart_item_cart_id_foreign";`);
    this.addSql(`alter table "payment" drop constraint "payment_order_id_foreign";`);
    this.addSql(`alter table "stock_movement" drop constraint "stock_movement_order_id_foreign";`);
    this.addSql(`alter table "order_line" drop constraint "order_line_order_id_foreign";`);
    this.addSql(`alter table "variant" drop constraint "variant_product_id_foreign";`);
    this.addSql(`alter table "stock_movement" drop constraint "stock_movement_variant_id_foreign";`);
    this.addSql(`alter table "order_line" drop constraint "order_line_variant_id_foreign";`);
    this.addSql(`alter table "cart_item" drop constraint "cart_item_variant_id_foreign";`);

    this.addSql(`drop table if exists "category" cascade;`);
    this.addSql(`drop table if exists "customer" cascade;`);
    this.addSql(`drop table if exists "cart" cascade;`);
    this.addSql(`drop table if exists "orders" cascade;`);
    this.addSql(`drop table if exists "payment" cascade;`);
    this.addSql(`drop table if exists "product" cascade;`);
    this.addSql(`drop table if exists "session" cascade;`);
    this.addSql(`drop table if exists "variant" cascade;`);
    this.addSql(`drop table if exists "stock_movement" cascade;`);
    this.addSql(`drop table if exists "order_line" cascade;`);
    this.addSql(`drop table if exists "cart_item" cascade;`);
  }
}
