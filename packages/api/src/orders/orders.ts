import { type EntityManager, Order, type OrderStatus } from '@holdfast/db';
import type { FilterQuery, Loaded } from '@mikro-orm/core';
import { firstImagesOf } from '../catalog/line-images.ts';
import type { ProductImage } from '../catalog/product-images.ts';
import type { PricedLine } from '../checkout/pricing.ts';
import { appError } from '../errors.ts';
import type { OrderLookupInput } from './schemas.ts';

export interface OrderView {
  number: string;
  status: OrderStatus;
  totalCents: number;
  /** The prices and names copied at checkout, not today's. */
  lines: OrderLineView[];
}

export interface OrderLineView extends PricedLine {
  /** The product's picture as it is today, on the order page's answer; checkout and payments leave it out. */
  image?: ProductImage | null;
}

/** `images` by variant id: only the order page looks them up, so checkout and payments answer without that query. */
export function orderView(
  order: Loaded<Order, 'lines'>,
  images?: ReadonlyMap<number, ProductImage>,
): OrderView {
  return {
    number: order.number,
    status: order.status,
    totalCents: order.totalCents,
    lines: order.lines.map((line) => ({
      variantId: line.variant.id,
      sku: line.sku,
      productName: line.productName,
      variantName: line.variantName,
      unitPriceCents: line.unitPriceCents,
      quantity: line.quantity,
      lineTotalCents: line.unitPriceCents * line.quantity,
      ...(images && { image: images.get(line.variant.id) ?? null }),
    })),
  };
}

export function findOrderWithLines(em: EntityManager, where: FilterQuery<Order>) {
  return em.findOne(Order, where, { populate: ['lines'], populateOrderBy: { lines: { id: 'asc' } } });
}

/** A guest's order is anyone's who has its number and email; an account's order is that account's alone. */
export function canSeeOrder(order: Order, customerId: number | null): boolean {
  return !order.customer || order.customer.id === customerId;
}

/** Give it a primary fork: an order is read right after it is placed. */
export async function findOrder(
  em: EntityManager,
  { number, email }: OrderLookupInput,
  customerId: number | null = null,
): Promise<OrderView> {
  const order = await findOrderWithLines(em, { number, email });
  // one answer for a wrong number, a wrong email and someone else's order, so numbers cannot be probed
  if (!order || !canSeeOrder(order, customerId))
    throw appError('NOT_FOUND', 'No order with that number and email');
  return orderView(
    order,
    await firstImagesOf(
      em,
      order.lines.map((line) => line.variant.id),
    ),
  );
}
