import { applyMigrations, Database, seedCatalog } from '@holdfast/db';
import type { PgCluster } from '@holdfast/pg-cluster';
import pg from 'pg';

/** Enough for every order of every run: stock must never be what limits a throughput figure. */
export const hotSkuStock = 10_000_000;
const spreadStock = 1_000_000;
const spreadVariantTarget = 10_000;

export interface BenchCatalog {
  products: number;
  variants: number;
  categories: string[];
  seedSeconds: number;
  hot: { variantId: number; priceCents: number };
  /** A contiguous id range, so pgbench can pick from it with random(lo, hi) like the API buyers do. */
  spread: { lo: number; hi: number; count: number };
  /** price_cents by variant id, for the carts' expected totals. */
  prices: Map<number, number>;
}

/**
 * The catalog comes from the project's own seeder (faker names and descriptions, 1 to 4 variants per
 * product, opening stock as 'initial' ledger rows): 27 to 46 s for 100,000 products on
 * this machine, fast enough that a bench-only bulk loader would only add a second shape to trust.
 */
export async function seedBenchCatalog(cluster: PgCluster, products: number): Promise<BenchCatalog> {
  const db = await Database.connect({
    primaryUrl: cluster.url('primary'),
    replicaUrls: [],
    poolSize: 4,
  });
  let seedSeconds: number;
  try {
    await applyMigrations(db);
    const started = performance.now();
    const seeded = await db.withoutTimeouts((orm) => seedCatalog(orm.em.fork(), { products }));
    seedSeconds = (performance.now() - started) / 1000;
    if (!seeded.seeded) throw new Error('the fresh bench database already had a catalog');
  } finally {
    await db.close();
  }

  const client = new pg.Client({ connectionString: cluster.url('primary') });
  await client.connect();
  try {
    const catalog = await addBenchStock(client, products, seedSeconds);
    // the planner must see the seeded volume, not the empty tables it saw at migration time; and
    // vacuumed, as autovacuum would vacuum every table the seed filled: left to it, that ran about
    // a minute and a half in, on the cores the first measured runs share
    await client.query('vacuum (analyze)');
    await cluster.replica.waitForReplay();
    return catalog;
  } finally {
    await client.end();
  }
}

async function addBenchStock(
  client: pg.Client,
  products: number,
  seedSeconds: number,
): Promise<BenchCatalog> {
  const { rows: bounds } = await client.query<{ lo: number; hi: number; count: string }>(
    'select min(id) as lo, max(id) as hi, count(*) as count from variant',
  );
  const range = bounds[0];
  if (!range || Number(range.count) < 2) throw new Error('the seeded catalog has fewer than two variants');
  const variants = Number(range.count);
  // the hot SKU sits outside the spread range, so the two scenarios never contend with each other
  const hotId = range.hi;
  const spreadCount = Math.min(spreadVariantTarget, variants - 1);
  const spread = { lo: range.lo, hi: range.lo + spreadCount - 1, count: spreadCount };
  const { rows: contiguous } = await client.query<{ count: string }>(
    'select count(*) as count from variant where id between $1 and $2',
    [spread.lo, spread.hi],
  );
  if (Number(contiguous[0]?.count) !== spreadCount) throw new Error('variant ids are not contiguous');

  await client.query('begin');
  try {
    // through the ledger, like any other stock change: the oversell check at the end relies on it
    const adjust = async (lo: number, hi: number, target: number) => {
      await client.query(
        `insert into stock_movement (variant_id, delta, reason, note, created_at)
         select id, $3 - stock_on_hand, 'adjustment', 'bench stock', now()
           from variant where id between $1 and $2 and stock_on_hand <> $3`,
        [lo, hi, target],
      );
      await client.query('update variant set stock_on_hand = $3 where id between $1 and $2', [
        lo,
        hi,
        target,
      ]);
    };
    await adjust(hotId, hotId, hotSkuStock);
    await adjust(spread.lo, spread.hi, spreadStock);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }

  const { rows: priceRows } = await client.query<{ id: number; price_cents: number }>(
    'select id, price_cents from variant where id between $1 and $2 or id = $3',
    [spread.lo, spread.hi, hotId],
  );
  const prices = new Map(priceRows.map((row) => [row.id, row.price_cents]));
  const { rows: categoryRows } = await client.query<{ slug: string }>(
    'select slug from category order by slug',
  );
  return {
    products,
    variants,
    categories: categoryRows.map((row) => row.slug),
    seedSeconds,
    hot: { variantId: hotId, priceCents: prices.get(hotId) ?? 0 },
    spread,
    prices,
  };
}
