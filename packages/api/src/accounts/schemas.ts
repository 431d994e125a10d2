import { z } from 'zod';
import { cartToken, email } from '../shared-schemas.ts';
import { text } from '../text-input.ts';

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
