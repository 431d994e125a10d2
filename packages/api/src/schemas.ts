import { z } from 'zod';

// ids and money live in int4 columns: a larger number must be refused here, not by PostgreSQL
const id = z.int32().positive();
const cents = z.int32().nonnegative();
const slug = z.string().min(1).max(200);
const cartToken = z
  .string()
  .min(16)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
// lower-cased so the same customer typing different case finds the same orders
const email = z.email().max(320).toLowerCase();

export const productSorts = ['relevance', 'price_asc', 'price_desc', 'newest'] as const;
export type ProductSort = (typeof productSorts)[number];

export const productSearchInput = z.object({
  q: z.string().trim().max(200).optional(),
  category: slug.optional(),
  minPrice: cents.optional(),
  maxPrice: cents.optional(),
  inStock: z.boolean().optional(),
  /** Defaults to relevance with a query, newest without one. */
  sort: z.enum(productSorts).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.int().min(1).max(100).default(24),
});
export type ProductSearchInput = z.infer<typeof productSearchInput>;

export const productInput = z.object({ slug });

export const cartInput = z.object({ token: cartToken });

export const setCartItemInput = z.object({
  token: cartToken,
  variantId: id,
  /** 0 removes the line. */
  quantity: z.int().min(0).max(999),
});
export type SetCartItemInput = z.infer<typeof setCartItemInput>;

export const placeOrderInput = z.object({
  cartToken,
  email,
  /** The total the customer was shown; a different total on the primary refuses the order. */
  expectedTotal: cents,
  idempotencyKey: z.string().min(8).max(200),
});
export type PlaceOrderInput = z.infer<typeof placeOrderInput>;

export const orderLookupInput = z.object({
  number: z.string().min(1).max(32),
  email,
});
export type OrderLookupInput = z.infer<typeof orderLookupInput>;
