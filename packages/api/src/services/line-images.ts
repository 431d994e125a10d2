import type { EntityManager } from '@holdfast/db';
import { type ProductImage, productImage } from '../product-images.ts';

interface FirstImageRow {
  variant_id: number;
  artwork: string;
  alt: string;
  width: number;
  height: number;
}

/** Each variant's product's first picture, for the lines of a cart or an order; one query for all of them. */
export async function firstImagesOf(
  em: EntityManager,
  variantIds: number[],
): Promise<Map<number, ProductImage>> {
  if (variantIds.length === 0) return new Map();
  const rows = await em.execute<FirstImageRow[]>(
    `select v.id as variant_id, i.artwork, i.alt, i.width, i.height
     from variant v join product_image i on i.product_id = v.product_id and i.position = 1
     where v.id in (?)`,
    [variantIds],
  );
  return new Map(rows.map((row) => [row.variant_id, productImage(row)]));
}
