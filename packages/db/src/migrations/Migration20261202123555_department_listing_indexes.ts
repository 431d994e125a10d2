import { Migration } from '@mikro-orm/migrations';

/**
 * A department page (catalog.products by category, by price or newest) read every product of the
 * department to sort it: with the curated demo catalog's 13 departments, about 7,700 each in the
 * bench's 100,000, 21 ms of the replica's CPU per page. Led by the department, these indexes
 * hand a page over in order; they also serve the foreign key, so the plain one goes.
 */
export class Migration20261202123555_department_listing_indexes extends Migration {
  override name = 'Migration20261202123555_department_listing_indexes';

  override up(): void | Promise<void> {
    this.addSql(`drop index "product_category_id_index";`);
    this.addSql(
      `create index "product_category_price_from_id_index" on "product" ("category_id", "price_from_cents", "id");`,
    );
    this.addSql(
      `create index "product_category_created_at_id_index" on "product" ("category_id", "created_at", "id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "product_category_price_from_id_index";`);
    this.addSql(`drop index "product_category_created_at_id_index";`);
    this.addSql(`create index "product_category_id_index" on "product" ("category_id");`);
  }
}
