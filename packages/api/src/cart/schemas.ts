import { z } from 'zod';
import { cartToken, id } from '../shared-schemas.ts';

export const cartInput = z.object({ token: cartToken });

export const setCartItemInput = z.object({
  token: cartToken,
  variantId: id,
  /** 0 removes the line. */
  quantity: z.int().min(0).max(999),
});
export type SetCartItemInput = z.infer<typeof setCartItemInput>;
