import { Migration } from '@mikro-orm/migrations';

/**
 * By default a GIN index queues new entries in a pending list (up to 4 MB) that every search scans
 * in full until a vacuum merges it: after a catalog import of 100,000 products, 15,000 entries
 * sat there and a search's index lookup took twice as long. A catalog is read far more often
 * than written, so new products go straight into the index, and what is queued now is merged.
 */
export class Migration20261126234500_search_index_without_pending_list extends Migration {
  override name = 'Migration20261126234500_search_index_without_pending_list';

  override up(): void | Promise<void> {
    this.addSql('alter index "product_search_vector_index" set (fastupdate = off);');
    this.addSql(`select gin_clean_pending_list('product_search_vector_index');`);
  }

  override down(): void | Promise<void> {
    this.addSql('alter index "product_search_vector_index" reset (fastupdate);');
  }
}
