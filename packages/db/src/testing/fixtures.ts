import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Category, Product, StockMovement, Variant } from '../entities/index.ts';

export interface VariantFixture {
  priceCents: number;
  stock: number;
  name?: string;
}

/**
 * A product with the given variants, their opening stock recorded in the ledger as the
 * seeder does, committed on the primary. Names are unique per call so files can add many.
 */
export async function createProduct(
  em: EntityManager,
  variants: VariantFixture[],
  options: { name?: string; description?: string; category?: string } = {},
): Promise<{ product: Product; variants: Variant[] }> {
  const suffix = randomBytes(4).toString('hex');
  return em.transactional(async (tx) => {
    const categorySlug = options.category ?? 'fixtures';
    const category =
      (await tx.findOne(Category, { slug: categorySlug })) ??
      tx.create(Category, { slug: categorySlug, name: categorySlug });
    const product = tx.create(Product, {
      slug: `fixture-${suffix}`,
      name: options.name ?? `Fixture ${suffix}`,
      description: options.description ?? 'A product made for a test',
      category,
      priceFromCents: Math.min(...variants.map((variant) => variant.priceCents)),
    });
    const created = variants.map((variant, index) => {
      const row = tx.create(Variant, {
        product,
        sku: `FX-${suffix}-${index + 1}`,
        name: variant.name ?? `Variant ${index + 1}`,
        priceCents: variant.priceCents,
        stockOnHand: variant.stock,
      });
      if (variant.stock > 0)
        tx.create(StockMovement, { variant: row, delta: variant.stock, reason: 'initial' });
      return row;
    });
    return { product, variants: created };
  });
}
