import { z } from 'zod';
import { cents, slug } from '../shared-schemas.ts';
import { text } from '../text-input.ts';

const productSorts = ['relevance', 'price_asc', 'price_desc', 'newest'] as const;
export type ProductSort = (typeof productSorts)[number];

export const productSearchInput = z.object({
  q: text().trim().max(200).optional(),
  category: slug.optional(),
  minPrice: cents.optional(),
  maxPrice: cents.optional(),
  inStock: z.boolean().optional(),
  /** Defaults to relevance with a query, newest without one. */
  sort: z.enum(productSorts).optional(),
  cursor: text().max(512).optional(),
  limit: z.int().min(1).max(100).default(24),
});
export type ProductSearchInput = z.infer<typeof productSearchInput>;

export const productInput = z.object({ slug });
