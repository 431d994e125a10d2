import { type EntityManager, readPrepared } from '@holdfast/db';
import { z } from 'zod';
import { appError } from '../errors.ts';
import { type ProductImage, productImage } from './product-images.ts';
import type { ProductSearchInput, ProductSort } from './schemas.ts';

// a CTE, so the search text is one parameter that the match, the rank and the keyset all use as search.query
const searchQuery = (text: string) => `select websearch_to_tsquery('english', ${text}) as query`;

/**
 * How many products a relevance search considers per word of its text: the best this many by that
 * word's own rank, read from product_search_term's index in rank order (migration search_terms).
 * So a search reads at most this many products per word, however many match, and its results are
 * the matches among them, ranked. A word in fewer products than this is searched exactly; for a
 * commoner word the results are its best 300 products (a one-word search: exactly the first 300
 * of the full ranking, since a term's score is that word's ts_rank), and a search of several words
 * finds only matches among the best 300 of some word. Paging walks within that set. A search made
 * only of exclusions (`-word`) has no word to take candidates for, and finds nothing.
 */
export const candidatesPerWord = 300;
/**
 * Below this many terms for a search's words in all, its matches are few enough that reading them
 * all by id beats walking a sort index (price, newest) or a department's matches: a sorted search
 * for a rare word walked the price index through most of the catalog to fill a page (a word in
 * none read all of it). At or above it, matches are common enough that the walk finds a page
 * soon. About √(page × catalog) for 100,000 products, where both ways cost the same.
 */
export const exactSearchBelow = 1_500;
// an array the planner cannot see into: it reads exactly these products by primary key, where a
// join let it prefer the GIN index and read every match of the word (it cannot tell how many)
const candidateIds = (text: string, perWord: number) =>
  `array(select t.product_id from unnest(tsvector_to_array(to_tsvector('english', ${text}))) as word(lexeme) ` +
  'cross join lateral (select t.product_id from "product_search_term" as "t" where t.lexeme = word.lexeme ' +
  `order by t.score desc, t.product_id desc limit ${perWord}) as t)`;
// whether the words of a search have fewer than exactSearchBelow terms in all: read in the index, stops there
const isRareSearch =
  "select count(*) < $2 as rare from (select 1 from product_search_term t where t.lexeme = any (tsvector_to_array(to_tsvector('english', $1))) limit $2) as term";
// an aggregate rather than EXISTS: PostgreSQL may hash an EXISTS over every variant in the shop, this stays a
// per-row index lookup, so a page costs the same however big the catalog is
const hasStock =
  '(select coalesce(bool_or(v.stock_on_hand > 0), false) from variant v where v.product_id = p.id)';

// looked up for the rows of the page, not joined: a search ranks hundreds of candidates (a filtered one
// thousands of matches), and joining each of them to its category was a tenth of that query's time
const categorySlug = '(select c.slug from "category" as "c" where c.id = p.category_id)';
// the first picture, for the rows of the page too; one value, so it is one lookup by (product, position)
const firstImage =
  "(select json_build_object('artwork', i.artwork, 'alt', i.alt, 'width', i.width, 'height', i.height) " +
  'from "product_image" as "i" where i.product_id = p.id order by i.position limit 1)';
const categoryBySlug = (slug: string) => `select c.id from "category" as "c" where c.slug = ${slug}`;

interface Ordering {
  /** SQL of the sort key. */
  key: string;
  direction: 'asc' | 'desc';
  /** What the key looks like in a cursor, and the SQL type it is compared as. */
  cursorKey: z.ZodType<string | number>;
  keyType: string;
}

// PostgreSQL's own text form of a timestamptz (DateStyle ISO): exact to the microsecond, unlike a JS Date
const pgTimestampShape =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-](\d{2})(?::(\d{2}))?(?::(\d{2}))?$/;

/** The shape lets 2026-02-31 or 25:61 through, which PostgreSQL refuses with an error of its own. */
function isPossibleTimestamp(value: string): boolean {
  const fields = pgTimestampShape.exec(value)?.slice(1);
  if (!fields) return false;
  const [
    year = 0,
    month = 0,
    day = 0,
    hour = 0,
    minute = 0,
    second = 0,
    offsetHours = 0,
    offsetMinutes = 0,
    offsetSeconds = 0,
  ] = fields.map((field) => Number(field ?? 0));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const dateExists = year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  const timeExists = hour < 24 && minute < 60 && second < 60;
  // PostgreSQL takes offsets up to 15:59:59
  const offsetExists = offsetHours <= 15 && offsetMinutes < 60 && offsetSeconds < 60;
  return dateExists && timeExists && offsetExists;
}
const pgTimestamp = z.string().refine(isPossibleTimestamp);

// ts_rank is a real (float4): a larger number, or one so small it rounds to 0, is out of its range
const pgReal = z.number().refine((value) => {
  const single = Math.fround(value);
  return Number.isFinite(single) && (value === 0 || single !== 0);
});

const orderings: Record<ProductSort, Ordering> = {
  relevance: {
    key: 'ts_rank(p.search_vector, search.query)',
    direction: 'desc',
    cursorKey: pgReal,
    keyType: 'real',
  },
  price_asc: { key: 'p.price_from_cents', direction: 'asc', cursorKey: z.int32(), keyType: 'int' },
  price_desc: { key: 'p.price_from_cents', direction: 'desc', cursorKey: z.int32(), keyType: 'int' },
  newest: { key: 'p.created_at', direction: 'desc', cursorKey: pgTimestamp, keyType: 'timestamptz' },
};

export interface ProductSummary {
  id: number;
  slug: string;
  name: string;
  priceFromCents: number;
  categorySlug: string;
  inStock: boolean;
  /** What a listing shows; null for a product without pictures. */
  image: ProductImage | null;
}

export interface ProductPage {
  items: ProductSummary[];
  /** Pass back as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

interface ProductRow {
  id: number;
  slug: string;
  name: string;
  price_from_cents: number;
  category_slug: string;
  in_stock: boolean;
  image: { artwork: string; alt: string; width: number; height: number } | null;
  sort_key: string | number;
}

/**
 * Active products matching the filters, one keyset page at a time: the cursor holds the last
 * row's sort key and id, so a page costs the same however deep it is and rows added meanwhile
 * neither repeat nor vanish.
 */
export async function searchProducts(em: EntityManager, input: ProductSearchInput): Promise<ProductPage> {
  const { sql, params } = productSearchQuery(input, await candidatesFor(em, input));
  // on the fork's read connection (the replica it was routed to), prepared: planned once per connection
  const rows = await readPrepared<ProductRow>(em, sql, params);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => ({
      id: row.id,
      slug: row.slug,
      name: row.name,
      priceFromCents: row.price_from_cents,
      categorySlug: row.category_slug,
      inStock: row.in_stock,
      image: row.image && productImage(row.image),
    })),
    nextCursor:
      rows.length > input.limit && last ? encodeCursor([effectiveSort(input), last.sort_key, last.id]) : null,
  };
}

/**
 * The query behind `searchProducts`, with `$n` placeholders, exposed so tests can EXPLAIN exactly
 * what runs. Written as SQL: the catalog's hottest path, where building it with the QueryBuilder
 * cost more CPU than the rest of the request's database work (0.6 ms of about 1 ms, measured in
 * one process). Values are always parameters, so each combination of filters is one statement.
 */
export function productSearchQuery(
  input: ProductSearchInput,
  candidatesPerWordRead = isBoundedSearch(input) ? candidatesPerWord : undefined,
): { sql: string; params: unknown[] } {
  if (input.q && oneWord.test(input.q) && isBoundedSearch(input) && candidatesPerWordRead)
    return oneWordSearchQuery(input, input.q, candidatesPerWordRead);
  const sort = effectiveSort(input);
  const ordering = orderings[sort];
  const { params, param } = placeholders();
  // first in the text, so the search text is $1; materialized, so it is parsed once per search:
  // inlined, the statement's generic plan parsed it again for every match it ranked (16 ms
  // instead of 10 for a word in 8,000 products)
  const text = input.q ? param(input.q) : undefined;
  const search = text ? `with "search" as materialized (${searchQuery(text)}) ` : '';
  const where = [`"p"."active" = ${param(true)}`];
  if (text) {
    where.push('(p.search_vector @@ search.query)');
    if (candidatesPerWordRead) where.push(`p.id = any (${candidateIds(text, candidatesPerWordRead)})`);
  }
  if (input.category) where.push(`"p"."category_id" = (${categoryBySlug(param(input.category))})`);
  if (input.minPrice !== undefined) where.push(`"p"."price_from_cents" >= ${param(input.minPrice)}`);
  if (input.maxPrice !== undefined) where.push(`"p"."price_from_cents" <= ${param(input.maxPrice)}`);
  if (input.inStock !== undefined) where.push(`${hasStock} = ${param(input.inStock)}`);
  if (input.cursor) {
    const [, key, id] = decodeCursor(input.cursor, sort, ordering);
    // a row comparison, so (key, id) walks the composite index the way ORDER BY does
    const after = ordering.direction === 'asc' ? '>' : '<';
    where.push(`(${ordering.key}, p.id) ${after} (${param(key)}::${ordering.keyType}, ${param(id)})`);
  }
  const sql =
    search +
    `select ${pageColumns(ordering.key)} from "product" as "p"` +
    (input.q ? ' inner join "search" as "search" on true' : '') +
    ` where ${where.join(' and ')}` +
    ` order by ${ordering.key} ${ordering.direction}, "p"."id" ${ordering.direction} limit ${param(input.limit + 1)}`;
  return { sql, params };
}

// a word of ASCII letters alone: the parser makes it one lexeme, stemmed as the search stems it
// (or none, a stop word, which finds nothing either way)
const oneWord = /^[a-z]+$/i;

/**
 * A one-word relevance search without filters, read in the order of its results: a term's score
 * is that word's ts_rank (migration search_terms), so the term index hands over the word's
 * products best first and the page is the first of them, a product read per row and none
 * ranked, where the general query ranks all of the word's candidates to find the page (25
 * products read instead of up to 325 at 24 a page). The same results in the same order, and the
 * same cursors, within the same best `perWord` of the word.
 */
function oneWordSearchQuery(input: ProductSearchInput, word: string, perWord: number) {
  const { params, param } = placeholders();
  const lexeme = `(tsvector_to_array(to_tsvector('english', ${param(word)})))[1]`;
  const where = [`"p"."active" = ${param(true)}`];
  if (input.cursor) {
    const [, key, id] = decodeCursor(input.cursor, 'relevance', orderings.relevance);
    where.push(`(t.score, t.product_id) < (${param(key)}::real, ${param(id)})`);
  }
  const sql =
    `select ${pageColumns('t.score')} from (select t.product_id, t.score from "product_search_term" as "t" ` +
    `where t.lexeme = ${lexeme} order by t.score desc, t.product_id desc limit ${perWord}) as "t" ` +
    'inner join "product" as "p" on p.id = t.product_id' +
    ` where ${where.join(' and ')} order by t.score desc, t.product_id desc limit ${param(input.limit + 1)}`;
  return { sql, params };
}

/** A page's columns, as searchProducts reads them. */
function pageColumns(sortKey: string): string {
  return (
    `"p"."id", "p"."slug", "p"."name", "p"."price_from_cents", ${categorySlug} as category_slug, ` +
    `${hasStock} as in_stock, ${firstImage} as image, ${sortKey} as sort_key`
  );
}

/** Values kept apart from the SQL text: `param` adds one and gives its placeholder. */
function placeholders() {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  return { params, param };
}

/**
 * How many candidates per word the search reads, or undefined for every match: a relevance search
 * without filters reads its best `candidatesPerWord`; any other search with words reads all of
 * their products when they are few (under `exactSearchBelow` in all, so nothing is missed), and
 * every match otherwise. The count is one more read, made only for those other searches.
 */
async function candidatesFor(em: EntityManager, input: ProductSearchInput): Promise<number | undefined> {
  if (!input.q) return undefined;
  if (isBoundedSearch(input)) return candidatesPerWord;
  const [count] = await readPrepared<{ rare: boolean }>(em, isRareSearch, [input.q, exactSearchBelow]);
  return count?.rare ? exactSearchBelow : undefined;
}

/**
 * A relevance search with no other filter reads only its candidates (`candidatesPerWord`). With a
 * category, price or stock filter it ranks every match that passes, since the best candidates of
 * a common word may all fail the filter. Other orders (price, newest) list every match too
 * (candidatesFor says how they read them).
 */
function isBoundedSearch(input: ProductSearchInput): boolean {
  const filtered =
    input.category !== undefined ||
    input.minPrice !== undefined ||
    input.maxPrice !== undefined ||
    input.inStock !== undefined;
  return effectiveSort(input) === 'relevance' && !filtered;
}

function effectiveSort({ q, sort }: ProductSearchInput): ProductSort {
  // relevance needs a query to rank against
  if (!q) return sort === undefined || sort === 'relevance' ? 'newest' : sort;
  return sort ?? 'relevance';
}

type Cursor = [ProductSort, string | number, number];

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(cursor: string, sort: ProductSort, ordering: Ordering): Cursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    decoded = undefined;
  }
  const parsed = z.tuple([z.literal(sort), ordering.cursorKey, z.int32().positive()]).safeParse(decoded);
  if (!parsed.success) throw appError('BAD_REQUEST', 'The cursor does not belong to this listing');
  return parsed.data;
}
