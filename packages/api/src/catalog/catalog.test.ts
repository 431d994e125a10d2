import { createProduct, createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCaller, refusal, stockedProduct, withReplayPaused } from '../../test/support.ts';
import { productSearchQuery } from './product-search.ts';
import { type ProductSearchInput, type ProductSort, productSearchInput } from './schemas.ts';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await t.sql(
    'primary',
    `insert into category (slug, name) values ('lighting', 'Lighting'), ('outdoor', 'Outdoor'), ('kitchen', 'Kitchen')`,
  );
  // a catalog big enough that the planner has a real choice between the GIN index and a scan
  await t.sql(
    'primary',
    `insert into product (slug, name, description, active, category_id, price_from_cents, created_at)
     select 'plain-' || g, 'Plain item ' || g, 'A sturdy everyday thing, number ' || g, true,
            (select id from category order by id offset g % 3 limit 1), 500 + (g % 40) * 25,
            timestamptz '2026-01-01' + (g / 6) * interval '1 hour' + interval '123456 microseconds'
       from generate_series(1, 20000) g`,
  );
  // what the searches look for: ranks, prices and times repeat, so every ordering has ties to break
  await t.sql(
    'primary',
    `insert into product (slug, name, description, active, category_id, price_from_cents, created_at)
     select 'lantern-' || g, 'Lantern ' || g, repeat('lantern ', g % 4 + 1) || 'for dark evenings', g % 10 <> 0,
            (select id from category where slug = case when g % 2 = 0 then 'lighting' else 'outdoor' end),
            1000 + (g % 7) * 100, timestamptz '2026-06-01' + (g / 2) * interval '1 minute' + interval '7 microseconds'
       from generate_series(1, 60) g`,
  );
  // one variant each, every fifth one sold out, opening stock in the ledger
  await t.sql(
    'primary',
    `insert into variant (product_id, sku, name, price_cents, stock_on_hand)
     select id, 'SKU-' || id, 'Standard', price_from_cents, id % 5 * 3 from product`,
  );
  await t.sql(
    'primary',
    `insert into stock_movement (variant_id, delta, reason, created_at)
     select id, stock_on_hand, 'initial', now() from variant where stock_on_hand > 0`,
  );
  // what autovacuum would have done by now: statistics, and the GIN pending list merged into the index
  await t.sql('primary', 'vacuum analyze');
  await t.replicaCaughtUp();
});
afterAll(() => t.drop());

const orderBy: Record<ProductSort, string> = {
  relevance: `ts_rank(p.search_vector, websearch_to_tsquery('english', $1)) desc, p.id desc`,
  price_asc: 'p.price_from_cents asc, p.id asc',
  price_desc: 'p.price_from_cents desc, p.id desc',
  newest: 'p.created_at desc, p.id desc',
};

/** The same listing as one SQL query, the reference the paginated walk must reproduce. */
async function expectedIds(input: { q?: string; sort: ProductSort; where?: string }): Promise<number[]> {
  const conditions = ['p.active', input.where ?? 'true'];
  if (input.q) conditions.push(`p.search_vector @@ websearch_to_tsquery('english', $1)`);
  const rows = await t.sql<{ id: number }>(
    'primary',
    `select p.id from product p join category c on c.id = p.category_id
      where ${conditions.join(' and ')} order by ${orderBy[input.sort]}`,
    input.q ? [input.q] : [],
  );
  return rows.map((row) => row.id);
}

async function walkPages(input: Partial<ProductSearchInput>) {
  const { api } = newCaller(t);
  const ids: number[] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const page = await api.catalog.products({ ...input, cursor });
    expect(page.items.length).toBeLessThanOrEqual(input.limit ?? 24);
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  return { ids, pages };
}

describe('catalog.products', () => {
  it.each(['relevance', 'price_asc', 'price_desc', 'newest'] as const)(
    'a search walked page by page in %s order matches one SQL query: no duplicates, no gaps',
    async (sort) => {
      const walked = await walkPages({ q: 'lantern', sort, limit: 7 });
      const expected = await expectedIds({ q: 'lantern', sort });
      expect(expected).toHaveLength(54);
      expect(walked.pages).toBe(8);
      expect(new Set(walked.ids).size).toBe(walked.ids.length);
      expect(walked.ids).toEqual(expected);
    },
  );

  it('a whole category, newest first and by price, walks in keyset pages of 100', async () => {
    for (const sort of ['newest', 'price_asc'] as const) {
      const walked = await walkPages({ category: 'kitchen', sort, limit: 100 });
      const expected = await expectedIds({ sort, where: `c.slug = 'kitchen'` });
      expect(expected).toHaveLength(6667);
      expect(walked.pages).toBe(67);
      expect(walked.ids).toEqual(expected);
    }
  });

  it('finds products by a word in any form (stemmed), never inactive ones', async () => {
    const { api } = newCaller(t);
    const page = await api.catalog.products({ q: 'Lanterns', limit: 100 });
    expect(page.items).toHaveLength(54);
    expect(page.items.every((item) => item.name.startsWith('Lantern '))).toBe(true);
    const inactive = await t.sql<{ id: number }>('primary', `select id from product where not active`);
    expect(inactive).toHaveLength(6);
    const found = new Set(page.items.map((item) => item.id));
    expect(inactive.filter(({ id }) => found.has(id))).toEqual([]);
    expect((await api.catalog.products({ q: 'xylophone' })).items).toEqual([]);
  });

  it('search text with quotes, backslashes and SQL in it is only ever text', async () => {
    const { api } = newCaller(t);
    for (const q of [
      "lantern'); drop table product; --",
      "\\' or true --",
      '"lantern" -"dark evenings"',
      "'",
    ]) {
      const page = await api.catalog.products({ q });
      expect(page.items.every((item) => item.name.startsWith('Lantern '))).toBe(true);
    }
    const [row] = await t.sql<{ count: number }>('primary', 'select count(*)::int as count from product');
    expect(row?.count).toBe(20060);
  });

  it('relevance puts the products that say the word most often first', async () => {
    const { api } = newCaller(t);
    const { items } = await api.catalog.products({ q: 'lantern', limit: 5 });
    const ranks = await t.sql<{ id: number; mentions: number }>(
      'primary',
      `select id, (length(description) - length(replace(description, 'lantern', ''))) / 7 as mentions
         from product where id = any($1)`,
      [items.map((item) => item.id)],
    );
    expect(ranks.every((row) => row.mentions === 4)).toBe(true);
  });

  it('filters by category, price range and stock, and reports each item as the database has it', async () => {
    const input = {
      category: 'lighting',
      minPrice: 600,
      maxPrice: 1200,
      inStock: true,
      sort: 'price_desc',
    } as const;
    const walked = await walkPages({ ...input, limit: 50 });
    const expected = await expectedIds({
      sort: 'price_desc',
      where: `c.slug = 'lighting' and p.price_from_cents between 600 and 1200
              and exists (select 1 from variant v where v.product_id = p.id and v.stock_on_hand > 0)`,
    });
    expect(expected.length).toBeGreaterThan(100);
    expect(walked.ids).toEqual(expected);

    const { api } = newCaller(t);
    const { items } = await api.catalog.products({ ...input, limit: 100 });
    for (const item of items) {
      expect(item.categorySlug).toBe('lighting');
      expect(item.priceFromCents).toBeGreaterThanOrEqual(600);
      expect(item.priceFromCents).toBeLessThanOrEqual(1200);
      expect(item.inStock).toBe(true);
    }
    const soldOut = await api.catalog.products({ inStock: false, limit: 100 });
    const [row] = await t.sql<{ count: number }>(
      'primary',
      `select count(*)::int as count from product p where p.active
          and not exists (select 1 from variant v where v.product_id = p.id and v.stock_on_hand > 0)`,
    );
    expect(soldOut.items.length).toBe(Math.min(100, row?.count ?? 0));
    expect(soldOut.items.every((item) => !item.inStock)).toBe(true);
    const [first] = items;
    expect(first).toEqual({
      id: expect.any(Number),
      slug: expect.any(String),
      name: expect.any(String),
      priceFromCents: expect.any(Number),
      categorySlug: 'lighting',
      inStock: true,
      image: null,
    });
  });

  it('a search by relevance reads the term index; in a category or by price it checks every match instead', async () => {
    const plan = async (input: Partial<ProductSearchInput>) => {
      const { sql, params } = productSearchQuery(productSearchInput.parse(input));
      const rows = await t.sql<{ 'QUERY PLAN': string }>('replica', `explain ${sql}`, params);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    };
    // how the index is scanned (index-only, bitmap) depends on the tables' statistics: which one is what matters
    expect(await plan({ q: 'lantern' })).toMatch(/product_search_term_rank_index/);
    expect(await plan({ q: 'lantern' })).not.toMatch(/product_search_vector_index/);
    for (const input of [
      { q: 'lantern', category: 'lighting' },
      { q: 'lantern', sort: 'price_asc' as const },
    ])
      expect(await plan(input)).not.toMatch(/product_search_term/);
  });

  it('new products go straight into the search index, with no pending list for every search to scan', async () => {
    const [index] = await t.sql<{ options: string[] | null }>(
      'primary',
      `select reloptions as options from pg_class where relname = 'product_search_vector_index'`,
    );
    expect(index?.options).toContain('fastupdate=off');
  });

  it('refuses a cursor that was tampered with or belongs to another ordering', async () => {
    const { api } = newCaller(t);
    const page = await api.catalog.products({ sort: 'price_asc', limit: 2 });
    expect(page.nextCursor).toEqual(expect.any(String));
    const foreign = await refusal(api.catalog.products({ sort: 'newest', cursor: page.nextCursor ?? '' }));
    expect(foreign.code).toBe('BAD_REQUEST');
    const forged = Buffer.from(JSON.stringify(['price_asc', '1; drop table product', 1])).toString(
      'base64url',
    );
    expect((await refusal(api.catalog.products({ sort: 'price_asc', cursor: forged }))).code).toBe(
      'BAD_REQUEST',
    );
    expect((await refusal(api.catalog.products({ cursor: 'not base64 json' }))).code).toBe('BAD_REQUEST');
  });
});

describe('catalog.product and categories', () => {
  it('shows a product with its variants and what is available; NOT_FOUND for an unknown slug', async () => {
    const { product, variants } = await stockedProduct(t, [
      { priceCents: 1500, stock: 3, name: 'Small' },
      { priceCents: 1900, stock: 0, name: 'Large' },
    ]);
    const { api } = newCaller(t);
    expect(await api.catalog.product({ slug: product.slug })).toMatchObject({
      slug: product.slug,
      priceFromCents: 1500,
      categorySlug: 'fixtures',
      variants: [
        { id: variants[0]?.id, sku: variants[0]?.sku, name: 'Small', priceCents: 1500, available: 3 },
        { id: variants[1]?.id, sku: variants[1]?.sku, name: 'Large', priceCents: 1900, available: 0 },
      ],
    });
    expect((await refusal(api.catalog.product({ slug: 'no-such-product' }))).code).toBe('NOT_FOUND');
    expect((await api.catalog.categories()).map((category) => category.slug)).toContain('fixtures');
  });

  it('lists a product with its first picture and shows all of them, in order, each with the variant it shows, on its page', async () => {
    const { product, variants } = await createProduct(
      t.db.primaryEm(),
      [
        { priceCents: 1500, stock: 3, name: 'Brass' },
        { priceCents: 1500, stock: 3, name: 'Black' },
      ],
      { name: 'Pictured Lamp' },
    );
    // inserted out of order: the position decides, not the id
    await t.sql(
      'primary',
      `insert into product_image (product_id, variant_id, position, artwork, alt, width, height) values
         ($1, $2, 2, 'table-lamp.black.front', 'Pictured Lamp in black', 1280, 1600),
         ($1, null, 1, 'table-lamp.brass.front', 'Pictured Lamp, from the front', 1280, 1600)`,
      [product.id, variants[1]?.id],
    );
    await t.replicaCaughtUp();
    const front = {
      src: '/images/v1/table-lamp.brass.front/640.webp',
      srcSet:
        '/images/v1/table-lamp.brass.front/320.webp 320w, /images/v1/table-lamp.brass.front/640.webp 640w, ' +
        '/images/v1/table-lamp.brass.front/1280.webp 1280w',
      alt: 'Pictured Lamp, from the front',
      width: 1280,
      height: 1600,
    };
    const { api } = newCaller(t);
    const { items } = await api.catalog.products({ q: 'pictured', limit: 10 });
    expect(items.map((item) => item.image)).toEqual([front]);
    const detail = await api.catalog.product({ slug: product.slug });
    expect(detail.images.map(({ alt, variantId }) => ({ alt, variantId }))).toEqual([
      { alt: 'Pictured Lamp, from the front', variantId: null },
      { alt: 'Pictured Lamp in black', variantId: variants[1]?.id },
    ]);
    expect(detail.images[0]).toEqual({ ...front, variantId: null });
  });

  it('reads from the replica: with replay paused a price change on the primary is not seen until it replays', async () => {
    const { product, variants } = await stockedProduct(t, [{ priceCents: 1000, stock: 5 }]);
    const { api } = newCaller(t);
    await withReplayPaused(t, async () => {
      await t.sql('primary', 'update variant set price_cents = 1250 where id = $1', [variants[0]?.id]);
      expect((await api.catalog.product({ slug: product.slug })).variants[0]?.priceCents).toBe(1000);

      // a caller that carries the position of that write is not served the stale replica
      const [position] = await t.sql<{ lsn: string }>('primary', 'select pg_current_wal_lsn()::text as lsn');
      await t.db.refreshHealth();
      const writer = newCaller(t, { readPositions: { catalog: position?.lsn } });
      expect((await writer.api.catalog.product({ slug: product.slug })).variants[0]?.priceCents).toBe(1250);
    });
    expect((await api.catalog.product({ slug: product.slug })).variants[0]?.priceCents).toBe(1250);
  });
});
