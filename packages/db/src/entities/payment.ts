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

export const PaymentSchema = defineEntity({
  name: 'Payment',
  properties: {
    id: p.integer().primary(),
    order: () => p.manyToOne(Order).index(),
    amountCents: p.integer().check('amount_cents >= 0'),
    status: p.enum(paymentStatuses).default('pending'),
    provider: p.string().length(40),
    providerReference: p.string().length(200).nullable(),
    idempotencyKey: p.string().length(200).unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export class Payment extends PaymentSchema.class {}
PaymentSchema.setClass(Payment);
