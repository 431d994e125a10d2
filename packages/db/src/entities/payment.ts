import { defineEntity, p } from '@mikro-orm/core';
import { Order } from './order.ts';

export const paymentStatuses = [
  'pending',
  'authorized',
  'captured',
  'declined',
  'failed',
  'refunded',
  'voided',
] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const PaymentSchema = defineEntity({
  name: 'Payment',
  properties: {
    id: p.integer().primary(),
    order: () => p.manyToOne(Order).index(),
    amountCents: p.integer().check('amount_cents >= 0'),
    status: p.enum(paymentStatuses).default('pending'),
    provider: p.string().length(40),
    providerReference: p.string().length(200).nullable().index(),
    /** The client's key; the provider gets keys derived from it, so a retry never charges twice. */
    idempotencyKey: p.string().length(200).unique(),
    /** All that is kept of the card: the number, expiry and CVC never reach the database or the logs. */
    cardLast4: p.string().length(4).nullable(),
    /** The provider's decline code, or why the attempt failed (timeout, provider_error, abandoned). */
    failureCode: p.string().length(60).nullable(),
    /**
     * While a pending payment's lease runs, one request owns it (it is talking to the provider,
     * or waiting for the provider's confirmation): others with the same key are told it is in
     * progress, and the expiry sweeper leaves its order alone.
     */
    leaseExpiresAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [
    // the last line against charging an order twice, whatever the application does
    {
      name: 'payment_one_open_per_order_unique',
      properties: ['order'],
      where: `status in ('pending', 'authorized', 'captured')`,
    },
  ],
});
export class Payment extends PaymentSchema.class {}
PaymentSchema.setClass(Payment);

/** Webhook deliveries already applied: a provider redelivers an event until it sees a 2xx, so the id is the dedupe key. */
export const ProcessedPaymentEventSchema = defineEntity({
  name: 'ProcessedPaymentEvent',
  properties: {
    id: p.integer().primary(),
    provider: p.string().length(40),
    eventId: p.string().length(200),
    type: p.string().length(100),
    processedAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [
    { name: 'processed_payment_event_provider_event_id_unique', properties: ['provider', 'eventId'] },
  ],
});
export class ProcessedPaymentEvent extends ProcessedPaymentEventSchema.class {}
ProcessedPaymentEventSchema.setClass(ProcessedPaymentEvent);
