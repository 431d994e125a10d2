import { orderStatuses } from '@holdfast/db';
import { z } from 'zod';
import { cents, id } from '../shared-schemas.ts';
import { text } from '../text-input.ts';

const slug = text()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Lowercase letters and digits, words joined by single hyphens');
const sku = text().trim().min(1).max(64);
const name = text().trim().min(1).max(200);
const description = text().max(20_000);
const categorySlug = text().min(1).max(120);
const openingStock = z.int32().nonnegative().max(1_000_000);

const variantFields = z.object({ sku, name, priceCents: cents, stock: openingStock.default(0) });

export const createProductInput = z.object({
  slug,
  name,
  description,
  categorySlug,
  active: z.boolean().default(true),
  variants: z
    .array(variantFields)
    .min(1)
    .max(100)
    .refine((variants) => new Set(variants.map((variant) => variant.sku)).size === variants.length, {
      message: 'Each variant needs its own sku',
    }),
});
export type CreateProductInput = z.infer<typeof createProductInput>;

export const updateProductInput = z
  .object({
    productId: id,
    name: name.optional(),
    description: description.optional(),
    categorySlug: categorySlug.optional(),
    active: z.boolean().optional(),
  })
  .refine(({ productId: _, ...changes }) => Object.values(changes).some((value) => value !== undefined), {
    message: 'Nothing to change',
  });
export type UpdateProductInput = z.infer<typeof updateProductInput>;

export const createVariantInput = variantFields.extend({ productId: id });
export type CreateVariantInput = z.infer<typeof createVariantInput>;

export const setPriceInput = z.object({ variantId: id, priceCents: cents });
export type SetPriceInput = z.infer<typeof setPriceInput>;

export const adjustStockInput = z.object({
  variantId: id,
  /** Positive for goods received, negative for damage, loss or a recount. */
  delta: z
    .int32()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((delta) => delta !== 0, 'A zero adjustment changes nothing'),
  /** Why: kept in the ledger next to the movement. */
  note: text().trim().min(1).max(500),
});
export type AdjustStockInput = z.infer<typeof adjustStockInput>;

export const adminOrdersInput = z
  .object({
    status: z.enum(orderStatuses).optional(),
    email: z.email().max(320).toLowerCase().optional(),
    cursor: id.optional(),
    limit: z.int().min(1).max(100).default(50),
  })
  .prefault({});
export type AdminOrdersInput = z.infer<typeof adminOrdersInput>;

export const refundInput = z.object({ orderNumber: text().min(1).max(32) });
