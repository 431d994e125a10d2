/**
 * The SQL that packages/api/src/catalog/product-search.ts prepares for a first page (no cursor,
 * no price or stock filters), written out by hand for the baseline server and the EXPLAIN runs.
 * The bench compares it with what the API logs at debug level in the same run (`sqlDrift` in the
 * results), so a change to the API's query cannot silently make the baseline compare different
 * work.
 */

export const catalogSorts = ['relevance', 'price_asc', 'price_desc', 'newest'] as const;
export type CatalogSort = (typeof catalogSorts)[number];

export interface CatalogQuery {
  q?: string;
  category?: string;
  sort?: CatalogSort;
  limit: number;
}

const orderings: Record<CatalogSort, { key: string; direction: 'asc' | 'desc' }> = {
  relevance: { key: 'ts_rank(p.search_vector, search.query)', direction: 'desc' },
  price_asc: { key: 'p.price_from_cents', direction: 'asc' },
  price_desc: { key: 'p.price_from_cents', direction: 'desc' },
  newest: { key: 'p.created_at', direction: 'desc' },
};

const hasStock =
  '(select coalesce(bool_or(v.stock_on_hand > 0), false) from variant v where v.product_id = p.id)';

const categorySlug = '(select c.slug from "category" as "c" where c.id = p.category_id)';

const firstImage =
  "(select json_build_object('artwork', i.artwork, 'alt', i.alt, 'width', i.width, 'height', i.height) " +
  'from "product_image" as "i" where i.product_id = p.id order by i.position limit 1)';

export function effectiveSort({ q, sort }: CatalogQuery): CatalogSort {
  if (!q) return sort === undefined || sort === 'relevance' ? 'newest' : sort;
  return sort ?? 'relevance';
}

const columns = (sortKey: string) =>
  `"p"."id", "p"."slug", "p"."name", "p"."price_from_cents", ${categorySlug} as category_slug, ` +
  `${hasStock} as in_stock, ${firstImage} as image, ${sortKey} as sort_key`;

export function catalogSql(query: CatalogQuery): { text: string; values: unknown[] } {
  const { key, direction } = orderings[effectiveSort(query)];
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  // one word of letters, by relevance, in no category: its page is read from the term index in order
  if (query.q && /^[a-z]+$/i.test(query.q) && effectiveSort(query) === 'relevance' && !query.category) {
    const lexeme = `(tsvector_to_array(to_tsvector('english', ${param(query.q)})))[1]`;
    const text =
      `select ${columns('t.score')} from (select t.product_id, t.score from "product_search_term" as "t" ` +
      `where t.lexeme = ${lexeme} order by t.score desc, t.product_id desc limit 300) as "t" ` +
      `inner join "product" as "p" on p.id = t.product_id where "p"."active" = ${param(true)} ` +
      `order by t.score desc, t.product_id desc limit ${param(query.limit + 1)}`;
    return { text, values };
  }
  const q = query.q ? param(query.q) : undefined;
  let text = '';
  if (q) text += `with "search" as materialized (select websearch_to_tsquery('english', ${q}) as query) `;
  text += `select ${columns(key)} from "product" as "p"`;
  if (query.q) text += ` inner join "search" as "search" on true`;
  text += ` where "p"."active" = ${param(true)}`;
  if (q) text += ` and (p.search_vector @@ search.query)`;
  // relevance without a category reads only the best 300 candidates of each word (the API's candidatesPerWord)
  if (q && effectiveSort(query) === 'relevance' && !query.category)
    text +=
      ` and p.id = any (array(select t.product_id from unnest(tsvector_to_array(to_tsvector('english', ${q}))) as word(lexeme) ` +
      `cross join lateral (select t.product_id from "product_search_term" as "t" where t.lexeme = word.lexeme ` +
      `order by t.score desc, t.product_id desc limit 300) as t))`;
  if (query.category)
    text += ` and "p"."category_id" = (select c.id from "category" as "c" where c.slug = ${param(query.category)})`;
  // one row more than the page: its presence says whether there is a next page
  text += ` order by ${key} ${direction}, "p"."id" ${direction} limit ${param(query.limit + 1)}`;
  return { text, values };
}
