import { z } from 'zod';
import { email, id, orderNumber } from '../shared-schemas.ts';

export const orderLookupInput = z.object({
  number: orderNumber,
  email,
});
export type OrderLookupInput = z.infer<typeof orderLookupInput>;

/** A guest owns an order by its number and email. */
export const cancelOrderInput = orderLookupInput;
export type CancelOrderInput = z.infer<typeof cancelOrderInput>;

/** Newest first; pass a page's `nextCursor` back as `cursor` for the next one. */
export const orderPageInput = z
  .object({
    cursor: id.optional(),
    limit: z.int().min(1).max(100).default(20),
  })
  .prefault({});
export type OrderPageInput = z.infer<typeof orderPageInput>;
