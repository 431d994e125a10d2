import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, Database, parseArtworkName, seedCatalog } from '../src/index.ts';
import { migrationsPath } from '../src/orm-config.ts';
import { demoCatalog } from '../src/seed/demo-catalog.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

const emptyName = `empty_${randomBytes(6).toString('hex')}`;
let t: TestDatabase;
let db: Database;

beforeAll(async () => {
  t = await createTestDatabase();
  await t.sql('primary', `create database ${emptyName}`);
  db = await Database.connect({
    primaryUrl: t.cluster.url('primary', emptyName),
    replicaUrls: [],
    poolSize: 4,
  });
});
afterAll(async () => {
  await db?.close();
  await t?.sql('primary', `drop database if exists ${emptyName} with (force)`);
  await t?.drop();
});

async function count(table: string): Promise<number> {
  const rows = await db
    .primaryEm()
    .getConnection()
    .execute<{ n: number }[]>(`select count(*)::int as n from ${table}`);
  return rows[0]?.n ?? -1;
}

describe('migrations on an empty database', () => {
  it('the first run applies every migration in the repository, the second applies nothing', async () => {
    const inRepo = readdirSync(migrationsPath)
      .filter((file) => /^Migration\d+_\w+\.ts$/.test(file))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(inRepo.length).toBeGreaterThan(0);
    expect(await applyMigrations(db)).toEqual(inRepo);
    expect(await applyMigrations(db)).toEqual([]);
    // migrating leaves the source tree alone
    expect(existsSync(path.join(migrationsPath, `.snapshot-${emptyName}.json`))).toBe(false);
    for (const table of [
      'category',
      'product',
      'variant',
      'stock_movement',
      'orders',
      'order_line',
      'customer',
      'product_image',
    ]) {
      expect(await count(table), table).toBe(0);
    }
  });
});

describe('seedCatalog', () => {
  it('fills an empty catalog whose stock matches its ledger and whose prices-from match its variants', async () => {
    // the demo shop's size
    const result = await seedCatalog(db.primaryEm(), { products: 300 });
    expect(result).toMatchObject({ seeded: true, products: 300 });
    expect(await count('product')).toBe(300);
    expect(await count('variant')).toBe(result.variants);
    expect(result.variants).toBeGreaterThanOrEqual(600);
    expect(await count('category')).toBe(result.categories);
    expect(await count('stock_movement')).toBeGreaterThan(0);

    const sql = db.primaryEm().getConnection();
    const ledgerMismatches = await sql.execute<unknown[]>(
      `select v.sku, v.stock_on_hand, coalesce(sum(m.delta), 0)::int as ledger
       from variant v left join stock_movement m on m.variant_id = v.id
       group by v.id having v.stock_on_hand <> coalesce(sum(m.delta), 0)`,
    );
    expect(ledgerMismatches).toEqual([]);
    const priceMismatches = await sql.execute<unknown[]>(
      `select p.slug, p.price_from_cents, min(v.price_cents) as cheapest
       from product p left join variant v on v.product_id = p.id
       group by p.id having min(v.price_cents) is distinct from p.price_from_cents`,
    );
    expect(priceMismatches).toEqual([]);
  });

  it('names each product after something its category sells, once, with options in reading order', async () => {
    const products = await db
      .primaryEm()
      .getConnection()
      .execute<{ name: string; category: string; options: string[] }[]>(
        `select p.name, c.name as category, array_agg(v.name order by v.sku) as options
       from product p join category c on c.id = p.category_id join variant v on v.product_id = p.id
       group by p.id, c.name`,
      );
    expect(new Set(products.map((product) => product.name)).size).toBe(products.length);
    for (const { name, category, options } of products) {
      const plan = demoCatalog.find((candidate) => candidate.name === category);
      expect(plan, category).toBeDefined();
      expect(
        plan?.items.some((item) => name.endsWith(` ${item}`)),
        `${name} in ${category}`,
      ).toBe(true);
      const positions = options.map((option) => plan?.options.indexOf(option) ?? -1);
      expect(
        positions.every((position, index) => position > (positions[index - 1] ?? -1)),
        `${name}: ${options}`,
      ).toBe(true);
    }
  });

  it('gives every product two to four pictures of its own item, numbered from 1, each described', async () => {
    const products = await db
      .primaryEm()
      .getConnection()
      .execute<
        {
          name: string;
          positions: number[];
          artworks: string[];
          alts: string[];
          shown: (string | null)[];
          options: string[];
        }[]
      >(
        `select p.name, array_agg(i.position order by i.position) as positions,
           array_agg(i.artwork order by i.position) as artworks, array_agg(i.alt order by i.position) as alts,
           array_agg((select v.name from variant v where v.id = i.variant_id) order by i.position) as shown,
           (select array_agg(v.name order by v.sku) from variant v where v.product_id = p.id) as options
         from product p left join product_image i on i.product_id = p.id group by p.id`,
      );
    expect(products).toHaveLength(300);
    for (const { name, positions, artworks, alts, shown, options } of products) {
      expect(positions.length, name).toBeGreaterThanOrEqual(2);
      expect(positions, name).toEqual(positions.map((_, index) => index + 1));
      for (const artwork of artworks) {
        const parts = parseArtworkName(artwork);
        expect(name.toLowerCase().replaceAll(' ', '-'), artwork).toMatch(new RegExp(`${parts?.item}$`));
      }
      for (const alt of alts) expect(alt.startsWith(name), alt).toBe(true);
      // a product sold in colours shows each of them, each picture tied to its variant
      const plan = demoCatalog.find((candidate) => candidate.items.some((item) => name.endsWith(item)));
      if (options.every((option) => plan?.colours.includes(option))) {
        expect(alts).toEqual(options.map((colour) => `${name} in ${colour.toLowerCase()}`));
        expect(shown).toEqual(options);
      } else {
        expect(shown.every((variant) => variant === null)).toBe(true);
      }
    }
  });

  it('finds, for a word, only things that are that word', async () => {
    for (const word of ['chair', 'lamp', 'jacket', 'mug', 'notebook', 'boots']) {
      const rows = await db
        .primaryEm()
        .getConnection()
        .execute<{ name: string }[]>(
          `select name from product where search_vector @@ plainto_tsquery('english', ?)`,
          [word],
        );
      expect(rows.length, word).toBeGreaterThan(0);
      for (const { name } of rows) expect(name.toLowerCase(), word).toContain(word);
    }
  });

  it('running it again changes nothing', async () => {
    const tables = ['category', 'product', 'variant', 'stock_movement', 'product_image'];
    const before = await Promise.all(tables.map(count));
    expect(await seedCatalog(db.primaryEm(), { products: 300 })).toMatchObject({ seeded: false });
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });
});
