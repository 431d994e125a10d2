import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCaller } from '../../test/support.ts';
import { candidatesPerWord, exactSearchBelow, productSearchQuery } from './product-search.ts';
import { type ProductSearchInput, productSearchInput } from './schemas.ts';

let t: TestDatabase;
const kettles = 3_000;
const teapots = 12;
const logged: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase({ querySink: (entry) => logged.push(entry.sql) });
  await t.sql(
    'primary',
    `insert into category (slug, name) values ('kitchen', 'Kitchen'), ('garden', 'Garden')`,
  );
  // ten times the bound, in five ranks (the word 0 to 4 times in the description); the ten in the
  // garden say it least, so none of them is among the best candidates
  await t.sql(
    'primary',
    `insert into product (slug, name, description, active, category_id, price_from_cents, created_at)
     select 'kettle-' || g, 'Kettle ' || g, repeat('kettle ', g % 5) || 'for the stove', true,
            (select id from category where slug = case when g % 5 = 0 and g > 2950 then 'garden' else 'kitchen' end),
            1000 + g, timestamptz '2026-06-01' + g * interval '1 minute'
       from generate_series(1, ${kettles}) g`,
  );
  // a rare word, priced above every kettle: walking the price index upwards reaches them last
  await t.sql(
    'primary',
    `insert into product (slug, name, description, active, category_id, price_from_cents, created_at)
     select 'teapot-' || g, 'Teapot ' || g, 'a teapot for the table', true,
            (select id from category where slug = 'kitchen'), 100000 + g, timestamptz '2026-01-01' + g * interval '1 minute'
       from generate_series(1, ${teapots}) g`,
  );
  await t.sql('primary', 'vacuum analyze');
  await t.replicaCaughtUp();
});
afterAll(() => t.drop());

interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

/** Rows every node of the plan read from the product table: those it passed on and those it filtered out. */
function productRowsRead(node: PlanNode): number {
  const own =
    node['Relation Name'] === 'product'
      ? ((node['Actual Rows'] ?? 0) +
          (node['Rows Removed by Filter'] ?? 0) +
          (node['Rows Removed by Index Recheck'] ?? 0)) *
        (node['Actual Loops'] ?? 1)
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + productRowsRead(child), 0);
}

const explainJson = (sql: string) => `explain (analyze, format json) ${sql}`;
function planOf(rows: Record<string, unknown>[]): PlanNode {
  const [report] = (rows[0]?.['QUERY PLAN'] ?? []) as { Plan: PlanNode }[];
  if (!report) throw new Error('EXPLAIN returned no plan');
  return report.Plan;
}

/** The plan of a prepared statement planned without its values, as readPrepared's may run. */
async function genericPlanOf(sql: string, params: unknown[]): Promise<PlanNode> {
  const client = new pg.Client({ connectionString: t.replicaUrl });
  await client.connect();
  try {
    await client.query('set plan_cache_mode = force_generic_plan');
    await client.query({ name: 'listing', text: sql, values: params });
    // EXPLAIN takes no parameters: the values go in as literals, typed by the prepared statement
    const values = params.map((value) => client.escapeLiteral(String(value))).join(', ');
    return planOf((await client.query(explainJson(`execute "listing"(${values})`))).rows);
  } finally {
    await client.end();
  }
}

/** The whole ranking, as ranking every match gives it: what the bounded search must agree with. */
async function fullRanking(q: string): Promise<number[]> {
  const rows = await t.sql<{ id: number }>(
    'primary',
    `select p.id from product p where p.active and p.search_vector @@ websearch_to_tsquery('english', $1)
      order by ts_rank(p.search_vector, websearch_to_tsquery('english', $1)) desc, p.id desc`,
    [q],
  );
  return rows.map((row) => row.id);
}

async function walk(input: Partial<ProductSearchInput>): Promise<number[]> {
  const { api } = newCaller(t);
  const ids: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.catalog.products({ ...input, cursor });
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

describe('a relevance search reads its candidates, not every match', () => {
  it(`one word in ${kettles} products: a page reads its own rows, in order from the term index, planned for the word or generic`, async () => {
    const input = productSearchInput.parse({ q: 'kettle', limit: 24 });
    const { sql, params } = productSearchQuery(input);
    const page = input.limit + 1;
    expect(productRowsRead(planOf(await t.sql('replica', explainJson(sql), params)))).toBe(page);
    // readPrepared's statements may run a generic plan, blind to the word: it must read the page alone too
    expect(productRowsRead(await genericPlanOf(sql, params))).toBe(page);

    // the same word in a category ranks every match in it: the contrast that makes the bound visible
    const filtered = productSearchQuery(productSearchInput.parse({ q: 'kettle', category: 'garden' }));
    const exact = planOf(await t.sql('replica', explainJson(filtered.sql), filtered.params));
    expect(productRowsRead(exact)).toBeGreaterThanOrEqual(kettles);
  });

  it(`two words, each in ${kettles} products: a page ranks at most ${candidatesPerWord} candidates per word, planned for them or generic`, async () => {
    const input = productSearchInput.parse({ q: 'kettle stove', limit: 24 });
    const { sql, params } = productSearchQuery(input);
    const page = input.limit + 1;
    const bound = 2 * candidatesPerWord + page;
    const custom = productRowsRead(planOf(await t.sql('replica', explainJson(sql), params)));
    // more than its page: these are ranked, not read in order
    expect(custom).toBeGreaterThan(page);
    expect(custom).toBeLessThanOrEqual(bound);
    expect(productRowsRead(await genericPlanOf(sql, params))).toBeLessThanOrEqual(bound);
  });

  it(`paging through a common word gives its best ${candidatesPerWord} in the order of the full ranking, each once`, async () => {
    const walked = await walk({ q: 'kettle', limit: 40 });
    expect(walked).toHaveLength(candidatesPerWord);
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked).toEqual((await fullRanking('kettle')).slice(0, candidatesPerWord));
  });

  it('with a category, price or stock filter every match is ranked: products beyond the best candidates are found', async () => {
    const ranking = await fullRanking('kettle');
    const garden = await walk({ q: 'kettle', category: 'garden', limit: 4 });
    expect(garden).toHaveLength(10);
    expect(garden.every((id) => ranking.indexOf(id) >= candidatesPerWord)).toBe(true);

    const cheapest = await walk({ q: 'kettle', maxPrice: 1010 });
    expect(cheapest).toHaveLength(10);
    // no variants: none of them is in stock
    expect(await walk({ q: 'kettle', inStock: false, limit: 100 })).toEqual(ranking);
  });
});

describe('a department page reads its page, not the department', () => {
  it.each(['price_asc', 'price_desc', 'newest'] as const)(
    `sorted %s among ${kettles} products of one department: a page reads its rows, planned for it or generic`,
    async (sort) => {
      const input = productSearchInput.parse({ category: 'kitchen', sort, limit: 24 });
      const { sql, params } = productSearchQuery(input);
      const page = input.limit + 1;
      const custom = productRowsRead(planOf(await t.sql('replica', explainJson(sql), params)));
      expect(custom).toBeGreaterThanOrEqual(page);
      expect(custom).toBeLessThanOrEqual(page);
      expect(productRowsRead(await genericPlanOf(sql, params))).toBeLessThanOrEqual(page);
    },
  );
});

describe('a sorted or filtered search for a rare word reads its matches, not the catalog', () => {
  it.each([
    { q: 'teapot', sort: 'price_asc' as const },
    { q: 'teapot', sort: 'newest' as const },
    { q: 'teapot', category: 'kitchen' },
  ])(`%o: reads the ${teapots} matches by id, planned for it or generic`, async (fields) => {
    const input = productSearchInput.parse({ ...fields, limit: 5 });
    const { sql, params } = productSearchQuery(input, exactSearchBelow);
    expect(productRowsRead(planOf(await t.sql('replica', explainJson(sql), params)))).toBeLessThanOrEqual(
      teapots,
    );
    expect(productRowsRead(await genericPlanOf(sql, params))).toBeLessThanOrEqual(teapots);
  });

  it('the same search with every match, planned blind to the word as prepared statements may be, walks past every kettle', async () => {
    const { sql, params } = productSearchQuery(
      productSearchInput.parse({ q: 'teapot', sort: 'price_asc' }),
      undefined,
    );
    expect(productRowsRead(await genericPlanOf(sql, params))).toBeGreaterThan(kettles);
  });

  it('over the API: a rare word takes the read by id, a common one the walk, and both page through every match in order', async () => {
    logged.length = 0;
    const byPrice = await walk({ q: 'teapot', sort: 'price_asc', limit: 5 });
    const teapotIds = await t.sql<{ id: number }>(
      'primary',
      `select id from product where slug like 'teapot-%' order by price_from_cents, id`,
    );
    expect(byPrice).toEqual(teapotIds.map((row) => row.id));
    const listings = () => logged.filter((sql) => sql.includes('from "product" as "p"'));
    expect(listings().length).toBeGreaterThan(0);
    expect(listings().every((sql) => sql.includes('product_search_term'))).toBe(true);

    logged.length = 0;
    const { api } = newCaller(t);
    const page = await api.catalog.products({ q: 'kettle', sort: 'price_asc', limit: 3 });
    expect(page.items.map((item) => item.priceFromCents)).toEqual([1001, 1002, 1003]);
    expect(listings().some((sql) => sql.includes('product_search_term'))).toBe(false);

    expect((await api.catalog.products({ q: 'zeppelin', sort: 'price_asc' })).items).toEqual([]);
  });
});
