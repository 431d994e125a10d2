import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { text } from '../text-input.ts';
import { type PaymentEvent, parseJson, type WebhookDelivery, type WebhookReading } from './webhook.ts';

// Stripe's own default: a delivery signed longer ago than this may be a replay
const toleranceSeconds = 300;

const stripeEventSchema = z.object({
  id: text().min(1).max(200),
  type: text().min(1).max(100),
  data: z.object({
    object: z.looseObject({
      id: text().min(1).max(200).optional(),
      metadata: z.record(text(), text()).optional(),
      last_payment_error: z
        .looseObject({ decline_code: text().max(60).optional(), code: text().max(60).optional() })
        .nullish(),
    }),
  }),
});

const holdfastTypes: Record<string, PaymentEvent['type']> = {
  'payment_intent.succeeded': 'payment.succeeded',
  'payment_intent.payment_failed': 'payment.failed',
};

/** `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, as Stripe signs deliveries. */
export function signStripeEvent(rawBody: Buffer | string, secret: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${stripeSignature(rawBody, secret, timestampSeconds)}`;
}

/**
 * Stripe's webhook format mapped onto Holdfast's event: a PaymentIntent's outcome, its id as the
 * reference and our payment's key from its metadata. Other signed events are acknowledged and
 * ignored, or Stripe would resend them for days.
 */
export function readStripeWebhook(
  delivery: WebhookDelivery,
  secret: string,
  now = Date.now(),
): WebhookReading {
  if (!hasValidSignature(delivery, secret, now)) return { verdict: 'bad_signature' };
  const parsed = stripeEventSchema.safeParse(parseJson(delivery.rawBody));
  if (!parsed.success) return { verdict: 'not_an_event' };
  const { id, type, data } = parsed.data;
  const holdfastType = holdfastTypes[type];
  const reference = data.object.id;
  const paymentKey = data.object.metadata?.payment_key;
  if (!holdfastType || !reference || !paymentKey) return { verdict: 'ignored', eventId: id, type };
  const failure = data.object.last_payment_error;
  const declineCode = failure?.decline_code ?? failure?.code;
  return {
    verdict: 'event',
    event: {
      id,
      type: holdfastType,
      data: { reference, paymentKey, ...(declineCode ? { declineCode } : {}) },
    },
  };
}

function stripeSignature(rawBody: Buffer | string, secret: string, timestampSeconds: number): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest('hex');
}

/** Any of the header's v1 signatures (Stripe sends several while a secret is rolled), compared in constant time. */
function hasValidSignature({ rawBody, header }: WebhookDelivery, secret: string, now: number): boolean {
  const fields = (header('stripe-signature') ?? '').split(',').map((field) => field.split('=', 2));
  const timestamp = Number(fields.find(([name]) => name === 't')?.[1]);
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(stripeSignature(rawBody, secret, timestamp));
  return fields.some(([name, value = '']) => {
    const received = Buffer.from(value);
    return name === 'v1' && received.length === expected.length && timingSafeEqual(received, expected);
  });
}
