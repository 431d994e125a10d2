import { z } from 'zod';
import { text } from './text-input.ts';

// ids and money live in int4 columns: a larger number must be refused here, not by PostgreSQL
const id = z.int32().positive();
const cents = z.int32().nonnegative();
const slug = text().min(1).max(200);
const cartToken = text()
  .min(16)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
// lower-cased so the same customer typing different case finds the same orders
const email = z.email().max(320).toLowerCase();

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
  idempotencyKey: text().min(8).max(200),
});
export type PlaceOrderInput = z.infer<typeof placeOrderInput>;

export const orderLookupInput = z.object({
  number: text().min(1).max(32),
  email,
});
export type OrderLookupInput = z.infer<typeof orderLookupInput>;

/** Luhn's checksum: catches a mistyped card number before it costs a provider call. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

// messages only: the number itself must never come back in an error, or reach a log
const cardNumber = text()
  .max(40)
  .transform((value) => value.replace(/[\s-]/g, ''))
  .pipe(
    z
      .string()
      .regex(/^\d{12,19}$/, 'A card number has 12 to 19 digits')
      .refine(passesLuhn, 'That card number is not valid'),
  );

export const payInput = z.object({
  orderNumber: text().min(1).max(32),
  email,
  card: z.object({
    number: cardNumber,
    expMonth: z.int().min(1).max(12),
    expYear: z.int().min(2000).max(2100),
    cvc: text().regex(/^\d{3,4}$/, 'A CVC has 3 or 4 digits'),
  }),
  /** One per payment attempt: the same key never charges twice, and a retry returns the first outcome. */
  idempotencyKey: text().min(8).max(200),
});
export type PayInput = z.infer<typeof payInput>;

/** A guest owns an order by its number and email. */
export const cancelOrderInput = orderLookupInput;
export type CancelOrderInput = z.infer<typeof cancelOrderInput>;

// NIST SP 800-63B: a minimum length and no composition rules; the maximum keeps one request from hashing megabytes
const newPassword = text().min(8, 'A password has at least 8 characters').max(256);
// a login never says what a password should look like: any stored one may be presented
const presentedPassword = text().min(1).max(256);

export const registerInput = z.object({
  email,
  password: newPassword,
  /** A guest cart to keep: it becomes the new account's cart. */
  cartToken: cartToken.optional(),
});
export type RegisterInput = z.infer<typeof registerInput>;

export const loginInput = z.object({
  email,
  password: presentedPassword,
  /** The guest cart filled before signing in: merged into the customer's cart. */
  cartToken: cartToken.optional(),
});
export type LoginInput = z.infer<typeof loginInput>;

/** Newest first; pass a page's `nextCursor` back as `cursor` for the next one. */
export const orderPageInput = z
  .object({
    cursor: id.optional(),
    limit: z.int().min(1).max(100).default(20),
  })
  .prefault({});
export type OrderPageInput = z.infer<typeof orderPageInput>;
