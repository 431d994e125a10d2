import {
  Category,
  type Database,
  type EntityManager,
  Product,
  primaryTransaction,
  StockMovement,
  Variant,
} from '@holdfast/db';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { appError } from '../errors.ts';
import { lockVariants } from '../stock/lock-variants.ts';
import type { CreateProductInput, CreateVariantInput, SetPriceInput, UpdateProductInput } from './schemas.ts';

export interface AdminVariantView {
  id: number;
  sku: string;
  name: string;
  priceCents: number;
  stockOnHand: number;
}

export interface AdminProductView {
  id: number;
  slug: string;
  name: string;
  description: string;
  active: boolean;
  categorySlug: string;
  priceFromCents: number;
  variants: AdminVariantView[];
}

export async function createProduct(db: Database, input: CreateProductInput): Promise<AdminProductView> {
  return uniqueOrConflict(() =>
    primaryTransaction(db, async (tx) => {
      await refuseTaken(tx, { slug: input.slug, skus: input.variants.map((variant) => variant.sku) });
      const product = tx.create(Product, {
        slug: input.slug,
        name: input.name,
        description: input.description,
        active: input.active,
        category: await categoryBySlug(tx, input.categorySlug),
        priceFromCents: Math.min(...input.variants.map((variant) => variant.priceCents)),
      });
      for (const variant of input.variants) addVariant(tx, product, variant);
      await tx.flush();
      return productView(tx, product.id);
    }),
  );
}

export async function updateProduct(db: Database, input: UpdateProductInput): Promise<AdminProductView> {
  return primaryTransaction(db, async (tx) => {
    const product = await lockProduct(tx, input.productId);
    if (input.name !== undefined) product.name = input.name;
    if (input.description !== undefined) product.description = input.description;
    if (input.active !== undefined) product.active = input.active;
    if (input.categorySlug !== undefined) product.category = await categoryBySlug(tx, input.categorySlug);
    await tx.flush();
    return productView(tx, product.id);
  });
}

export async function createVariant(db: Database, input: CreateVariantInput): Promise<AdminProductView> {
  return uniqueOrConflict(() =>
    primaryTransaction(db, async (tx) => {
      const product = await lockProduct(tx, input.productId);
      await refuseTaken(tx, { skus: [input.sku] });
      addVariant(tx, product, input);
      await tx.flush();
      await refreshPriceFrom(tx, product);
      return productView(tx, product.id);
    }),
  );
}

/** Changes a variant's price and the product's "from" price with it, in one transaction. */
export async function setPrice(db: Database, input: SetPriceInput): Promise<AdminProductView> {
  return primaryTransaction(db, async (tx) => {
    const found = await tx.findOne(Variant, input.variantId);
    if (!found) throw appError('NOT_FOUND', 'No such variant');
    // the product lock first: two price changes on one product then take turns, and the second
    // computes the minimum with the first one's price in it
    const product = await lockProduct(tx, found.product.id);
    await lockVariants(tx, [input.variantId]);
    const variant = await tx.findOneOrFail(Variant, input.variantId, { refresh: true });
    variant.priceCents = input.priceCents;
    await tx.flush();
    await refreshPriceFrom(tx, product);
    return productView(tx, product.id);
  });
}

function addVariant(
  tx: EntityManager,
  product: Product,
  fields: { sku: string; name: string; priceCents: number; stock: number },
): void {
  const variant = tx.create(Variant, {
    product,
    sku: fields.sku,
    name: fields.name,
    priceCents: fields.priceCents,
    stockOnHand: fields.stock,
  });
  // opening stock enters the ledger like the seeder's, so stock on hand stays the sum of movements
  if (fields.stock > 0) tx.create(StockMovement, { variant, delta: fields.stock, reason: 'initial' });
}

/** Keeps product.priceFromCents (what price sorting indexes) equal to its cheapest variant; the caller holds the product lock. */
async function refreshPriceFrom(tx: EntityManager, product: Product): Promise<void> {
  const variants = await tx.find(Variant, { product }, { refresh: true });
  product.priceFromCents = Math.min(...variants.map((variant) => variant.priceCents));
  await tx.flush();
}

async function lockProduct(tx: EntityManager, productId: number): Promise<Product> {
  const product = await tx.findOne(Product, productId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!product) throw appError('NOT_FOUND', 'No such product');
  return product;
}

async function categoryBySlug(tx: EntityManager, slug: string): Promise<Category> {
  const category = await tx.findOne(Category, { slug });
  if (!category) throw appError('NOT_FOUND', `No category ${slug}`);
  return category;
}

/** A clear answer naming what is taken; the unique constraints still decide a race (see uniqueOrConflict). */
async function refuseTaken(tx: EntityManager, { slug, skus }: { slug?: string; skus: string[] }) {
  if (slug !== undefined && (await tx.count(Product, { slug })) > 0) {
    throw appError('CONFLICT', `The slug ${slug} is taken`, {
      reason: 'ALREADY_EXISTS',
      field: 'slug',
      values: [slug],
    });
  }
  const taken = await tx.find(Variant, { sku: { $in: skus } }, { fields: ['sku'] });
  if (taken.length > 0) {
    const values = taken.map((variant) => variant.sku);
    throw appError('CONFLICT', `Sku ${values.join(', ')} is taken`, {
      reason: 'ALREADY_EXISTS',
      field: 'sku',
      values,
    });
  }
}

async function uniqueOrConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    throw appError('CONFLICT', 'That slug or sku was taken a moment ago');
  }
}

async function productView(tx: EntityManager, productId: number): Promise<AdminProductView> {
  const product = await tx.findOneOrFail(Product, productId, {
    populate: ['category', 'variants'],
    populateOrderBy: { variants: { id: 'asc' } },
    refresh: true,
  });
  return {
    id: product.id,
    slug: product.slug,
    name: product.name,
    description: product.description,
    active: product.active,
    categorySlug: product.category.slug,
    priceFromCents: product.priceFromCents,
    variants: product.variants.map((variant) => ({
      id: variant.id,
      sku: variant.sku,
      name: variant.name,
      priceCents: variant.priceCents,
      stockOnHand: variant.stockOnHand,
    })),
  };
}
