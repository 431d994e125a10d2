import { defineEntity, p } from '@mikro-orm/core';
import { Variant } from './catalog.ts';
import { Customer } from './customer.ts';

export const orderStatuses = ['awaiting_payment', 'paid', 'fulfilled', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const OrderSchema = defineEntity({
  name: 'Order',
  tableName: 'orders',
  properties: {
    id: p.integer().primary(),
    /** Public, unguessable order reference; the id stays internal. */
    number: p.string().length(32).unique(),
    email: p.string().length(320).index(),
    customer: () => p.manyToOne(Customer).nullable().index(),
    status: p.enum(orderStatuses).default('awaiting_payment'),
    totalCents: p.integer().check('total_cents >= 0'),
    /** The client's key and a hash of the request it came with: a replay returns this order, a different body is refused. */
    idempotencyKey: p.string().length(200).unique(),
    requestHash: p.string().length(64),
    createdAt: p
      .datetime()
      .onCreate(() => new Date())
      .index(),
    lines: () => p.oneToMany(OrderLine).mappedBy('order'),
  },
  indexes: [
    // the expiry sweeper's question: which unpaid orders are older than the hold
    {
      name: 'orders_awaiting_payment_created_at_index',
      properties: ['createdAt', 'id'],
      where: `status = 'awaiting_payment'`,
    },
  ],
});
export class Order extends OrderSchema.class {}
OrderSchema.setClass(Order);

export const OrderLineSchema = defineEntity({
  name: 'OrderLine',
  properties: {
    id: p.integer().primary(),
    order: () => p.manyToOne(Order).index(),
    variant: () => p.manyToOne(Variant).index(),
    // copied at checkout: later catalog changes must not rewrite what the customer bought
    sku: p.string().length(64),
    productName: p.string().length(200),
    variantName: p.string().length(200),
    unitPriceCents: p.integer().check('unit_price_cents >= 0'),
    quantity: p.integer().check('quantity > 0'),
  },
});
export class OrderLine extends OrderLineSchema.class {}
OrderLineSchema.setClass(OrderLine);
