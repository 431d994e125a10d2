import { z } from 'zod';
import { email, idempotencyKey, orderNumber } from '../shared-schemas.ts';
import { text } from '../text-input.ts';

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
  orderNumber,
  email,
  card: z.object({
    number: cardNumber,
    expMonth: z.int().min(1).max(12),
    expYear: z.int().min(2000).max(2100),
    cvc: text().regex(/^\d{3,4}$/, 'A CVC has 3 or 4 digits'),
  }),
  /** One per payment attempt: the same key never charges twice, and a retry returns the first outcome. */
  idempotencyKey,
});
export type PayInput = z.infer<typeof payInput>;
