import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHoldfastClient, type HoldfastClient } from '@holdfast/client';
import { describeFailure } from './checkout-load.ts';
import { histogramQuantileBound, metricsDelta, scrapeMetrics, sumOf } from './server-metrics.ts';
import { percentile } from './stats.ts';

export interface ShoppingMixOptions {
  origin: string;
  shoppers: number;
  durationS: number;
  /** Category slugs the shoppers browse. */
  categories: string[];
  /** An account the server made an admin (ADMIN_EMAIL / ADMIN_PASSWORD). */
  admin: { email: string; password: string };
}

export interface ShoppingMixResult {
  shoppers: number;
  windowS: number;
  /** Shopper journeys that got as far as the order (placed or refused). */
  journeys: number;
  ordersPlaced: number;
  /** From cart.create to the order confirmed, for the orders placed. */
  cartToOrderP50Ms: number;
  cartToOrderP99Ms: number;
  priceChanges: number;
  /** The admin's product page right after its own price change showed the old price: read-your-writes broken. */
  staleAfterOwnWrite: number;
  /** Refusals and errors by code (and reason), shoppers and admin together. */
  failures: Record<string, number>;
  /** From the server's /metrics, before and after the mix: every catalog.* procedure call by where it read. */
  catalogReads: {
    total: number;
    replica: number;
    /** Reads that went to the primary, by the router's reason. */
    primaryByReason: Record<string, number>;
    replicaShare: number;
  };
  /** From the server's histogram: replica reads that carried the caller's write position. */
  readYourWritesWait: { reads: number; p50AtMostMs: number; p99AtMostMs: number };
}

const listingSorts = ['newest', 'price_asc', 'price_desc'] as const;
// an admin edits now and then while shoppers shop, not back to back: catalog writes stay a small share of the traffic
const adminPauseMs = 50;

const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

class Tally {
  readonly failures: Record<string, number> = {};
  journeys = 0;
  ordersPlaced = 0;
  priceChanges = 0;
  staleAfterOwnWrite = 0;
  readonly cartToOrderMs: number[] = [];

  failed(error: unknown): void {
    const reason = describeFailure(error);
    this.failures[reason] = (this.failures[reason] ?? 0) + 1;
  }
}

/**
 * One shopper's visit, as the storefront makes it: a listing page (with the category menu), a
 * product page, a fresh cart with one unit, the order at the total the cart showed, and another
 * listing. One unit per order keeps the bench's oversell check (one line of one unit per order) true.
 */
async function shop(client: HoldfastClient, options: ShoppingMixOptions, email: string, tally: Tally) {
  const [, listing] = await Promise.all([
    client.catalog.categories.query(),
    client.catalog.products.query({ category: pick(options.categories), sort: pick(listingSorts) }),
  ]);
  const summary = pick(listing.items);
  if (!summary) return;
  const product = await client.catalog.product.query({ slug: summary.slug });
  const variant = pick(product.variants.filter((candidate) => candidate.available > 0));
  if (!variant) return;
  const started = performance.now();
  const { token } = await client.cart.create.mutate();
  const cart = await client.cart.setItem.mutate({ token, variantId: variant.id, quantity: 1 });
  tally.journeys++;
  await client.checkout.placeOrder.mutate({
    cartToken: token,
    email,
    expectedTotal: cart.totalCents,
    idempotencyKey: randomUUID(),
  });
  tally.ordersPlaced++;
  tally.cartToOrderMs.push(performance.now() - started);
  await client.catalog.products.query({ category: product.categorySlug, sort: 'newest' });
}

/**
 * The admin opens a product, moves its first variant's price by a cent (up from an even price,
 * down from an odd one, so prices stay where the seed put them) and reopens the page: that read
 * carries the write's position, which is what makes read-your-writes waits happen at all, since
 * cart and order writes pin nothing.
 */
async function editPrice(admin: HoldfastClient, options: ShoppingMixOptions, tally: Tally) {
  const listing = await admin.catalog.products.query({ category: pick(options.categories) });
  const summary = pick(listing.items);
  if (!summary) return;
  const before = await admin.catalog.product.query({ slug: summary.slug });
  const variant = before.variants[0];
  if (!variant) return;
  const priceCents = variant.priceCents % 2 === 0 ? variant.priceCents + 1 : variant.priceCents - 1;
  await admin.admin.setPrice.mutate({ variantId: variant.id, priceCents });
  tally.priceChanges++;
  const after = await admin.catalog.product.query({ slug: summary.slug });
  const seen = after.variants.find((candidate) => candidate.id === variant.id)?.priceCents;
  if (seen !== priceCents) tally.staleAfterOwnWrite++;
}

async function loopUntil(deadline: number, tally: Tally, step: () => Promise<void>): Promise<void> {
  while (performance.now() < deadline) {
    try {
      await step();
    } catch (error) {
      tally.failed(error);
    }
  }
}

/**
 * Shoppers (each with its own client, so its own connection and read-your-writes token) and one
 * admin run side by side for the duration. Which server answered each catalog read, and how long
 * reads waited for their writes, come from the server's own counters, diffed around the run.
 */
export async function runShoppingMix(options: ShoppingMixOptions): Promise<ShoppingMixResult> {
  const url = `${options.origin}/trpc`;
  const signIn = await createHoldfastClient({ url }).account.login.mutate(options.admin);
  const admin = createHoldfastClient({ url, headers: () => ({ authorization: `Bearer ${signIn.token}` }) });
  const shoppers = Array.from({ length: options.shoppers }, () => createHoldfastClient({ url }));
  const tally = new Tally();

  const before = await scrapeMetrics(options.origin);
  const started = performance.now();
  const deadline = started + options.durationS * 1000;
  await Promise.all([
    ...shoppers.map((client, index) =>
      loopUntil(deadline, tally, () => shop(client, options, `shopper${index}@bench.invalid`, tally)),
    ),
    loopUntil(deadline, tally, async () => {
      await editPrice(admin, options, tally);
      await sleep(adminPauseMs);
    }),
  ]);
  const windowS = (performance.now() - started) / 1000;
  const delta = metricsDelta(before, await scrapeMetrics(options.origin));

  const isCatalog = (labels: Record<string, string>) => labels.procedure?.startsWith('catalog.') === true;
  const total = sumOf(delta, 'holdfast_reads_total', isCatalog);
  const replica = sumOf(
    delta,
    'holdfast_reads_total',
    (labels) => isCatalog(labels) && labels.target !== 'primary',
  );
  const primaryByReason: Record<string, number> = {};
  const toPrimary = delta.filter(
    (sample) =>
      sample.name === 'holdfast_reads_total' &&
      isCatalog(sample.labels) &&
      sample.labels.target === 'primary',
  );
  for (const sample of toPrimary.filter((series) => series.value > 0)) {
    const reason = sample.labels.fallback || 'none';
    primaryByReason[reason] = (primaryByReason[reason] ?? 0) + sample.value;
  }
  const wait = 'holdfast_read_your_writes_wait_seconds';
  return {
    shoppers: options.shoppers,
    windowS,
    journeys: tally.journeys,
    ordersPlaced: tally.ordersPlaced,
    cartToOrderP50Ms: percentile(tally.cartToOrderMs, 50),
    cartToOrderP99Ms: percentile(tally.cartToOrderMs, 99),
    priceChanges: tally.priceChanges,
    staleAfterOwnWrite: tally.staleAfterOwnWrite,
    failures: tally.failures,
    catalogReads: { total, replica, primaryByReason, replicaShare: total > 0 ? replica / total : Number.NaN },
    readYourWritesWait: {
      reads: sumOf(delta, `${wait}_count`),
      p50AtMostMs: histogramQuantileBound(delta, wait, 0.5) * 1000,
      p99AtMostMs: histogramQuantileBound(delta, wait, 0.99) * 1000,
    },
  };
}
