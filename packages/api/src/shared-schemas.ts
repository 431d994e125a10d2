import { z } from 'zod';
import { text } from './text-input.ts';

// the pieces several domains' inputs are made of. Ids and money live in int4 columns: a larger
// number must be refused here, not by PostgreSQL
export const id = z.int32().positive();
export const cents = z.int32().nonnegative();
export const slug = text().min(1).max(200);
export const cartToken = text()
  .min(16)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
// lower-cased so the same customer typing different case finds the same orders
export const email = z.email().max(320).toLowerCase();
/** An order's number as a customer types it. */
export const orderNumber = text().min(1).max(32);
/** One per attempt at a write: the same key never does the work twice. */
export const idempotencyKey = text().min(8).max(200);
