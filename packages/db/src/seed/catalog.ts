import type { Faker } from '@faker-js/faker';
import type { EntityManager } from '@mikro-orm/postgresql';
import { importDevDependency } from '../dev-dependency.ts';
import { Category, Product, StockMovement, Variant } from '../entities/index.ts';
import { type CategoryPlan, demoCatalog } from './demo-catalog.ts';
import { draftImages, type ImageDraft } from './product-images.ts';

export interface CatalogSeedOptions {
  products: number;
  /** Same seed, same catalog: tests and benchmarks can rely on what exists. */
  seed?: number;
  batchSize?: number;
}

export interface CatalogSeedResult {
  seeded: boolean;
  categories: number;
  products: number;
  variants: number;
  images: number;
}

/**
 * Fills an empty catalog with products, variants and their opening stock (as ledger entries).
 * A catalog that already has categories is left alone, so running it twice is safe.
 */
export async function seedCatalog(
  em: EntityManager,
  options: CatalogSeedOptions,
): Promise<CatalogSeedResult> {
  const batchSize = options.batchSize ?? 2000;
  if ((await em.count(Category, {})) > 0)
    return { seeded: false, categories: 0, products: 0, variants: 0, images: 0 };
  // loaded here, not at the top: faker's locale data is some 40 MB, and every process that uses this
  // package (the server above all) would otherwise carry it without ever seeding
  const { fakerEN: faker } = await importDevDependency(
    () => import('@faker-js/faker'),
    'Seeding the demo catalog (SEED_DEMO_CATALOG)',
  );
  faker.seed(options.seed ?? 42);
  let variantCount = 0;
  let imageCount = 0;
  await em.transactional(async (tx) => {
    const categories = demoCatalog.map(({ name }) => tx.create(Category, { name, slug: name.toLowerCase() }));
    await tx.flush();
    const categoryIds = categories.map((category) => category.id);
    const names = demoCatalog.map((plan) => productNames(faker, plan));
    for (let start = 0; start < options.products; start += batchSize) {
      const count = Math.min(batchSize, options.products - start);
      const pictured: { product: Product; variants: Variant[]; images: ImageDraft[] }[] = [];
      for (let index = start; index < start + count; index++) {
        const categoryIndex = index % demoCatalog.length;
        const plan = demoCatalog[categoryIndex] as CategoryPlan;
        const round = Math.floor(index / demoCatalog.length);
        const categoryNames = names[categoryIndex] as ProductName[];
        const productName = categoryNames[round % categoryNames.length] as ProductName;
        const draft = draftProduct(faker, index, plan, productName);
        const product = tx.create(Product, {
          slug: draft.slug,
          name: draft.name,
          description: draft.description,
          category: categoryIds[categoryIndex] as number,
          priceFromCents: Math.min(...draft.variants.map((variant) => variant.priceCents)),
          createdAt: draft.createdAt,
        });
        const variants = draft.variants.map((variantDraft) =>
          tx.create(Variant, { ...variantDraft, product }),
        );
        for (const variant of variants) {
          if (variant.stockOnHand > 0) {
            tx.create(StockMovement, { variant, delta: variant.stockOnHand, reason: 'initial' });
          }
          variantCount++;
        }
        const variantNames = draft.variants.map((variant) => variant.name);
        pictured.push({
          product,
          variants,
          images: draftImages(index, plan, productName.item, draft.name, variantNames),
        });
      }
      await tx.flush();
      const imageRows = pictured.flatMap(({ product, variants, images }) =>
        images.map(({ variantIndex, ...image }) => ({
          ...image,
          product_id: product.id,
          variant_id: variantIndex === null ? null : (variants[variantIndex]?.id ?? null),
        })),
      );
      await insertImages(tx, imageRows);
      imageCount += imageRows.length;
      // keeps memory flat on a large catalog
      tx.clear();
    }
  });
  return {
    seeded: true,
    categories: demoCatalog.length,
    products: options.products,
    variants: variantCount,
    images: imageCount,
  };
}

/**
 * One statement per batch, its rows as one JSON parameter: a third of a million pictures for the
 * bench's catalog took 7 s more as `insertMany`, whose value list MikroORM builds row by row.
 */
async function insertImages(
  tx: EntityManager,
  rows: (Omit<ImageDraft, 'variantIndex'> & { product_id: number; variant_id: number | null })[],
): Promise<void> {
  await tx.execute(
    `insert into product_image (product_id, variant_id, position, artwork, alt, width, height)
     select product_id, variant_id, position, artwork, alt, width, height from jsonb_to_recordset(?::jsonb)
       as image(product_id int, variant_id int, position int, artwork varchar, alt varchar, width int, height int)`,
    [JSON.stringify(rows)],
  );
}

interface ProductName {
  quality: string;
  item: string;
}

/** Every quality–item pair once, shuffled: a small catalog repeats no name. */
function productNames(faker: Faker, plan: CategoryPlan): ProductName[] {
  const pairs = plan.qualities.flatMap((quality) => plan.items.map((item) => ({ quality, item })));
  return faker.helpers.shuffle(pairs);
}

function draftProduct(faker: Faker, index: number, plan: CategoryPlan, { quality, item }: ProductName) {
  const name = `${quality} ${item}`;
  const [opening, ...others] = plan.sentences as [string, ...string[]];
  const sentences = [opening, ...faker.helpers.arrayElements(others, 2)].map((sentence) =>
    capitalised(
      sentence.replaceAll('{quality}', quality.toLowerCase()).replaceAll('{item}', item.toLowerCase()),
    ),
  );
  const [minDollars, maxDollars] = plan.dollars;
  const basePrice =
    faker.number.int({ min: minDollars, max: maxDollars }) * 100 - faker.helpers.arrayElement([0, 1, 5, 50]);
  const options = chooseOptions(faker, plan);
  const firstStep = plan.options.indexOf(options[0] as string);
  return {
    // the index keeps slugs and skus unique once a large catalog repeats a name
    slug: `${faker.helpers.slugify(name).toLowerCase()}-${index + 1}`,
    name,
    description: sentences.join(' '),
    createdAt: faker.date.recent({ days: 365, refDate: new Date('2026-11-01T00:00:00Z') }),
    variants: options.map((option, variantIndex) => ({
      sku: `HF-${String(index + 1).padStart(6, '0')}-${variantIndex + 1}`,
      name: option,
      priceCents: Math.max(99, basePrice + (plan.options.indexOf(option) - firstStep) * plan.stepCents),
      stockOnHand: faker.helpers.weightedArrayElement([
        { weight: 1, value: 0 },
        { weight: 2, value: faker.number.int({ min: 1, max: 5 }) },
        { weight: 7, value: faker.number.int({ min: 6, max: 200 }) },
      ]),
    })),
  };
}

/** Two to four options in the plan's own order: sizes run small to large, never M, XS, L. */
function chooseOptions(faker: Faker, { options, optionShape }: CategoryPlan): string[] {
  const count = faker.number.int({ min: 2, max: Math.min(4, options.length) });
  if (optionShape === 'ladder') {
    const first = faker.number.int({ min: 0, max: options.length - count });
    return options.slice(first, first + count);
  }
  const chosen = new Set(faker.helpers.arrayElements(options, count));
  return options.filter((option) => chosen.has(option));
}

function capitalised(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
