import { z } from 'zod';
import { cartToken, cents, email, idempotencyKey } from '../shared-schemas.ts';

export const placeOrderInput = z.object({
  cartToken,
  email,
  /** The total the customer was shown; a different total on the primary refuses the order. */
  expectedTotal: cents,
  idempotencyKey,
});
export type PlaceOrderInput = z.infer<typeof placeOrderInput>;
