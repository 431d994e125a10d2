import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { text } from '../text-input.ts';

/** The header a provider signs its webhook deliveries with: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const paymentSignatureHeader = 'x-payment-signature';

/** What a provider's webhook delivers, reduced to what Holdfast acts on; the adapter's job is to map onto it. */
export const paymentEventSchema = z.object({
  /** The provider's event id: a redelivery repeats it, which is what makes processing idempotent. */
  id: text().min(1).max(200),
  type: text().min(1).max(100),
  data: z.object({
    reference: text().min(1).max(200),
    /**
     * Our payment's idempotency key, which providers echo back as metadata. Required: the event
     * is applied only when this key and the reference name the same payment.
     */
    paymentKey: text().min(1).max(200),
    declineCode: text().min(1).max(60).optional(),
  }),
});
export type PaymentEvent = z.infer<typeof paymentEventSchema>;

export function signPaymentEvent(rawBody: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Checks the signature in constant time over the exact bytes received (a re-serialised body would not match). */
export function hasValidSignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  if (!header) return false;
  const expected = Buffer.from(signPaymentEvent(rawBody, secret));
  const received = Buffer.from(header);
  return received.length === expected.length && timingSafeEqual(received, expected);
}
