import { Category, type EntityManager, Product } from '@holdfast/db';
import { appError } from '../errors.ts';
import { productImage } from './product-images.ts';

export async function listCategories(em: EntityManager) {
  const categories = await em.find(Category, {}, { orderBy: { name: 'asc' } });
  return categories.map(({ id, slug, name }) => ({ id, slug, name }));
}

export async function productDetail(em: EntityManager, slug: string) {
  const product = await em.findOne(
    Product,
    { slug, active: true },
    {
      populate: ['category', 'variants', 'images'],
      populateOrderBy: { variants: { id: 'asc' }, images: { position: 'asc' } },
    },
  );
  if (!product) throw appError('NOT_FOUND', 'No such product');
  return {
    id: product.id,
    slug: product.slug,
    name: product.name,
    description: product.description,
    priceFromCents: product.priceFromCents,
    categorySlug: product.category.slug,
    images: product.images.map((image) => ({ ...productImage(image), variantId: image.variant?.id ?? null })),
    variants: product.variants.map((variant) => ({
      id: variant.id,
      sku: variant.sku,
      name: variant.name,
      priceCents: variant.priceCents,
      available: variant.stockOnHand,
    })),
  };
}
