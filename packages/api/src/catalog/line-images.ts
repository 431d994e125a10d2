import type { EntityManager } from '@holdfast/db';
import { type ProductImage, productImage } from './product-images.ts';

interface FirstImageRow {
  variant_id: number;
  artwork: string;
  alt: string;
  width: number;
  height: number;
}

/**
 * For the lines of a cart or an order: each variant's own picture (its colour, its finish), else
 * its product's first; one query for all of them.
 */
export async function firstImagesOf(
  em: EntityManager,
  variantIds: number[],
): Promise<Map<number, ProductImage>> {
  if (variantIds.length === 0) return new Map();
  const rows = await em.execute<FirstImageRow[]>(
    `select v.id as variant_id, i.artwork, i.alt, i.width, i.height
     from variant v cross join lateral (
       select artwork, alt, width, height from product_image
       where product_id = v.product_id
       order by variant_id is not distinct from v.id desc, position limit 1
     ) i
     where v.id in (?)`,
    [variantIds],
  );
  return new Map(rows.map((row) => [row.variant_id, productImage(row)]));
}
