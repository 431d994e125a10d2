import { Migration } from '@mikro-orm/migrations';

export class Migration20261201235259_product_images extends Migration {
  override name = 'Migration20261201235259_product_images';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "product_image" ("id" serial primary key, "product_id" int not null, "variant_id" int null, "position" int not null, "artwork" varchar(120) not null, "alt" varchar(300) not null, "width" int not null, "height" int not null);`,
    );
    this.addSql(
      `alter table "product_image" add constraint "product_image_product_id_position_unique" unique ("product_id", "position");`,
    );

    this.addSql(
      `alter table "product_image" add constraint "product_image_product_id_foreign" foreign key ("product_id") references "product" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "product_image" add constraint "product_image_variant_id_foreign" foreign key ("variant_id") references "variant" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "product_image" add constraint "product_image_position_check" check (position >= 1);`,
    );
    this.addSql(`alter table "product_image" add constraint "product_image_width_check" check (width > 0);`);
    this.addSql(
      `alter table "product_image" add constraint "product_image_height_check" check (height > 0);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "product_image" cascade;`);
  }
}
