import { Migration } from '@mikro-orm/migrations';
import { migrationSql } from '../migration-sql.ts';

/**
 * Search that costs what a page costs, not what the matches cost. Ranking every match of a common
 * word read and ranked thousands of rows (8,000 for one word in 100,000 products: 17.6 ms p50);
 * `product_search_term` holds each lexeme of each product on sale with its one-word rank, and
 * its index hands a search the best candidates for a word first (packages/api/src/catalog/
 * product-search.ts says how a search uses them). A word in the name now outranks one only in
 * the description (weights A and B), so that rank is worth ordering by.
 */
export class Migration20261202113000_search_terms extends Migration {
  override name = 'Migration20261202113000_search_terms';

  override up(): void | Promise<void> {
    // rewrites the table and rebuilds the GIN index, which keeps its fastupdate = off
    this.addSql(
      `alter table "product" alter column "search_vector" set expression as (setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', description), 'B'));`,
    );
    this.addSql(
      `create table "product_search_term" ("product_id" int not null, "lexeme" text not null, "score" real not null);`,
    );
    this.addSql(migrationSql('product_search_term'));
    // filled before its indexes are built: built once over the rows, they come out smaller and sooner
    this.addSql(
      `insert into "product_search_term" ("product_id", "lexeme", "score") select p.id, term.lexeme, term.score from "product" p cross join product_search_terms(p.search_vector) as term where p.active;`,
    );
    this.addSql(
      `alter table "product_search_term" add constraint "product_search_term_pkey" primary key ("product_id", "lexeme");`,
    );
    this.addSql(
      `create index "product_search_term_rank_index" on "product_search_term" ("lexeme", "score" desc, "product_id" desc);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql('drop trigger product_search_term_insert on "product";');
    this.addSql('drop trigger product_search_term_update on "product";');
    this.addSql('drop trigger product_search_term_delete on "product";');
    this.addSql(
      'drop function product_search_term_insert(), product_search_term_update(), product_search_term_delete();',
    );
    this.addSql('drop function product_search_terms(tsvector);');
    this.addSql('drop table "product_search_term";');
    this.addSql(
      `alter table "product" alter column "search_vector" set expression as (to_tsvector('english', name || ' ' || description));`,
    );
  }
}
