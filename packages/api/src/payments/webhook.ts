import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { text } from '../text-input.ts';

/** The header a provider signs its webhook deliveries with: `sha256=<hex HMAC-SHA256 of the raw body>`. */
const paymentSignatureHeader = 'x-payment-signature';

/** What a provider's webhook delivers, reduced to what Holdfast acts on; the adapter's job is to map onto it. */
const paymentEventSchema = z.object({
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
function hasValidSignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  if (!header) return false;
  const expected = Buffer.from(signPaymentEvent(rawBody, secret));
  const received = Buffer.from(header);
  return received.length === expected.length && timingSafeEqual(received, expected);
}

/** A webhook delivery as it arrived: the exact bytes (signatures cover them) and its headers. */
export interface WebhookDelivery {
  rawBody: Buffer;
  header(name: string): string | undefined;
}

/**
 * What a provider makes of a delivery: a bad or missing signature (401, nothing changes), a
 * signed body that is not an event (400), a signed event Holdfast does not act on (acknowledged,
 * so the provider stops resending it), or the event mapped onto Holdfast's own.
 */
export type WebhookReading =
  | { verdict: 'bad_signature' }
  | { verdict: 'not_an_event' }
  | { verdict: 'ignored'; eventId: string; type: string }
  | { verdict: 'event'; event: PaymentEvent };

/** Holdfast's own webhook format (the test provider's): `x-payment-signature: sha256=<hex>` over the body, a PaymentEvent as JSON. */
export function readHoldfastWebhook(delivery: WebhookDelivery, secret: string): WebhookReading {
  if (!hasValidSignature(delivery.rawBody, delivery.header(paymentSignatureHeader), secret))
    return { verdict: 'bad_signature' };
  const parsed = paymentEventSchema.safeParse(parseJson(delivery.rawBody));
  return parsed.success ? { verdict: 'event', event: parsed.data } : { verdict: 'not_an_event' };
}

export function parseJson(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch {
    return undefined;
  }
}
