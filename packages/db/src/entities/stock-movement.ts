import { defineEntity, p } from '@mikro-orm/core';
import { Variant } from './catalog.ts';
import { Order } from './order.ts';

export const stockMovementReasons = [
  'initial',
  'order',
  'order_cancelled',
  'payment_failed',
  'adjustment',
] as const;
export type StockMovementReason = (typeof stockMovementReasons)[number];

/** Append-only ledger: a variant's stock on hand always equals the sum of its movements. */
export const StockMovementSchema = defineEntity({
  name: 'StockMovement',
  properties: {
    id: p.integer().primary(),
    variant: () => p.manyToOne(Variant).index(),
    delta: p.integer().check('delta <> 0'),
    reason: p.enum(stockMovementReasons),
    order: () => p.manyToOne(Order).nullable().index(),
    note: p.string().length(500).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export class StockMovement extends StockMovementSchema.class {}
StockMovementSchema.setClass(StockMovement);
