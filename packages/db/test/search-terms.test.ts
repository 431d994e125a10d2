import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await t.sql('primary', `insert into category (slug, name) values ('lighting', 'Lighting')`);
});
afterAll(() => t.drop());

async function insertProducts(...products: { slug: string; name: string; description: string }[]) {
  // one statement for all of them, as a bulk import or the seeder's batches insert
  await t.sql(
    'primary',
    `insert into product (slug, name, description, category_id, price_from_cents, created_at)
     select slug, name, description, (select id from category), 1000, now()
       from jsonb_to_recordset($1::jsonb) as p(slug text, name text, description text)`,
    [JSON.stringify(products)],
  );
}

/** A product's terms as the table holds them, by lexeme. */
async function terms(slug: string): Promise<Record<string, number>> {
  const rows = await t.sql<{ lexeme: string; score: number }>(
    'primary',
    `select t.lexeme, t.score from product_search_term t join product p on p.id = t.product_id
      where p.slug = $1 order by t.lexeme`,
    [slug],
  );
  return Object.fromEntries(rows.map((row) => [row.lexeme, row.score]));
}

/** What the terms should be: each lexeme of the product's vector with ts_rank of a search for it alone. */
async function expectedTerms(slug: string): Promise<Record<string, number>> {
  const rows = await t.sql<{ lexeme: string; score: number }>(
    'primary',
    `select term.lexeme, ts_rank(p.search_vector, to_tsquery('simple', term.lexeme)) as score
       from product p cross join unnest(p.search_vector) as term where p.slug = $1 and p.active`,
    [slug],
  );
  return Object.fromEntries(rows.map((row) => [row.lexeme, row.score]));
}

describe('product_search_term follows the products', () => {
  it('an insert adds each lexeme with its one-word rank; a word in the name scores above one only in the description', async () => {
    await insertProducts(
      { slug: 'storm-lantern', name: 'Storm Lantern', description: 'Burns oil all night.' },
      { slug: 'oil-flask', name: 'Oil Flask', description: 'Fuel for a lantern.' },
    );
    for (const slug of ['storm-lantern', 'oil-flask']) {
      const held = await terms(slug);
      expect(Object.keys(held).length).toBeGreaterThan(2);
      expect(held).toEqual(await expectedTerms(slug));
    }
    expect((await terms('storm-lantern')).lantern).toBeGreaterThan((await terms('oil-flask')).lantern ?? 1);
  });

  it('a new name or description replaces the terms; a price change leaves them as they are', async () => {
    await insertProducts({ slug: 'desk-lamp', name: 'Desk Lamp', description: 'A brass arm.' });
    await t.sql('primary', `update product set name = 'Reading Lamp' where slug = 'desk-lamp'`);
    expect(Object.keys(await terms('desk-lamp'))).toEqual(['arm', 'brass', 'lamp', 'read']);
    await t.sql('primary', `update product set description = 'A steel arm.' where slug = 'desk-lamp'`);
    expect(await terms('desk-lamp')).toEqual(await expectedTerms('desk-lamp'));
    expect(Object.keys(await terms('desk-lamp'))).toEqual(['arm', 'lamp', 'read', 'steel']);

    const before = await t.sql('primary', `select ctid::text from product_search_term order by ctid`);
    await t.sql('primary', `update product set price_from_cents = 1200 where slug = 'desk-lamp'`);
    expect(await t.sql('primary', `select ctid::text from product_search_term order by ctid`)).toEqual(
      before,
    );
  });

  it('a product taken off sale has no terms, and gets them back when it returns', async () => {
    await insertProducts({ slug: 'pendant', name: 'Pendant Light', description: 'Hangs low.' });
    await t.sql('primary', `update product set active = false where slug = 'pendant'`);
    expect(await terms('pendant')).toEqual({});
    await t.sql('primary', `update product set active = true where slug = 'pendant'`);
    expect(Object.keys(await terms('pendant'))).toEqual(['hang', 'light', 'low', 'pendant']);
  });

  it('a deleted product takes its terms with it', async () => {
    await insertProducts({ slug: 'floor-lamp', name: 'Floor Lamp', description: 'Tall and bright.' });
    const [product] = await t.sql<{ id: number }>(
      'primary',
      `select id from product where slug = 'floor-lamp'`,
    );
    await t.sql('primary', `delete from product where slug = 'floor-lamp'`);
    const [left] = await t.sql<{ count: number }>(
      'primary',
      'select count(*)::int as count from product_search_term where product_id = $1',
      [product?.id],
    );
    expect(left?.count).toBe(0);
  });

  it('an address, a path or a hyphenated word is one lexeme and scores like any word said once', async () => {
    await insertProducts({
      slug: 'odd-text',
      name: 'Lamp',
      description: "See example.com/lamps or mail help@shop.example; well-made, O'Neil's.",
    });
    const held = await terms('odd-text');
    expect(Object.keys(held)).toEqual(
      expect.arrayContaining(['example.com/lamps', 'help@shop.example', 'well-mad']),
    );
    for (const lexeme of ['example.com/lamps', 'help@shop.example', 'well-mad'])
      expect(held[lexeme]).toBe(held.see);
    expect(held.see).toBeGreaterThan(0);
  });
});
