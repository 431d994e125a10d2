import type { Faker } from '@faker-js/faker';
import type { EntityManager } from '@mikro-orm/postgresql';
import { importDevDependency } from '../dev-dependency.ts';
import { Category, Product, StockMovement, Variant } from '../entities/index.ts';

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
}

const categoryNames = [
  'Outerwear',
  'Knitwear',
  'Shirts',
  'Trousers',
  'Footwear',
  'Bags',
  'Kitchen',
  'Tableware',
  'Lighting',
  'Bedding',
  'Stationery',
  'Outdoor',
];
const sizes = ['XS', 'S', 'M', 'L', 'XL'];

/**
 * Fills an empty catalog with products, variants and their opening stock (as ledger entries).
 * A catalog that already has categories is left alone, so running it twice is safe.
 */
export async function seedCatalog(
  em: EntityManager,
  options: CatalogSeedOptions,
): Promise<CatalogSeedResult> {
  const batchSize = options.batchSize ?? 2000;
  if ((await em.count(Category, {})) > 0) return { seeded: false, categories: 0, products: 0, variants: 0 };
  // loaded here, not at the top: faker's locale data is some 40 MB, and every process that uses this
  // package (the server above all) would otherwise carry it without ever seeding
  const { fakerEN: faker } = await importDevDependency(
    () => import('@faker-js/faker'),
    'Seeding the demo catalog (SEED_DEMO_CATALOG)',
  );
  faker.seed(options.seed ?? 42);
  let variantCount = 0;
  await em.transactional(async (tx) => {
    const categories = categoryNames.map((name) => tx.create(Category, { name, slug: name.toLowerCase() }));
    await tx.flush();
    const categoryIds = categories.map((category) => category.id);
    for (let start = 0; start < options.products; start += batchSize) {
      const count = Math.min(batchSize, options.products - start);
      for (let index = start; index < start + count; index++) {
        const draft = draftProduct(faker, index);
        const product = tx.create(Product, {
          slug: draft.slug,
          name: draft.name,
          description: draft.description,
          category: categoryIds[index % categoryIds.length] as number,
          priceFromCents: Math.min(...draft.variants.map((variant) => variant.priceCents)),
          createdAt: draft.createdAt,
        });
        for (const variantDraft of draft.variants) {
          const variant = tx.create(Variant, { ...variantDraft, product });
          if (variant.stockOnHand > 0) {
            tx.create(StockMovement, { variant, delta: variant.stockOnHand, reason: 'initial' });
          }
          variantCount++;
        }
      }
      await tx.flush();
      // keeps memory flat on a large catalog
      tx.clear();
    }
  });
  return {
    seeded: true,
    categories: categoryNames.length,
    products: options.products,
    variants: variantCount,
  };
}

function draftProduct(faker: Faker, index: number) {
  const name = faker.commerce.productName();
  const basePrice = faker.number.int({ min: 5, max: 400 }) * 100 - faker.helpers.arrayElement([0, 1, 5, 51]);
  const sized = faker.datatype.boolean();
  const variantNames = sized ? faker.helpers.arrayElements(sizes, { min: 2, max: 4 }) : ['Standard'];
  return {
    // the index keeps slugs and skus unique however often faker repeats a name
    slug: `${faker.helpers.slugify(name).toLowerCase()}-${index + 1}`,
    name,
    description: faker.commerce.productDescription(),
    createdAt: faker.date.recent({ days: 365, refDate: new Date('2026-11-01T00:00:00Z') }),
    variants: variantNames.map((variantName, variantIndex) => ({
      sku: `HF-${String(index + 1).padStart(6, '0')}-${variantIndex + 1}`,
      name: variantName,
      priceCents: Math.max(99, basePrice + variantIndex * 200),
      stockOnHand: faker.helpers.weightedArrayElement([
        { weight: 1, value: 0 },
        { weight: 2, value: faker.number.int({ min: 1, max: 5 }) },
        { weight: 7, value: faker.number.int({ min: 6, max: 200 }) },
      ]),
    })),
  };
}
