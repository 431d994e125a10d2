import { type EntityManager, Order } from '@holdfast/db';
import type { FilterQuery } from '@mikro-orm/core';
import type { AdminOrdersInput } from '../admin/schemas.ts';
import { type OrderView, orderView } from './orders.ts';
import type { OrderPageInput } from './schemas.ts';

export interface ListedOrder extends OrderView {
  email: string;
  customerId: number | null;
  createdAt: Date;
}

export interface OrderPage {
  items: ListedOrder[];
  /** Pass back as `cursor` for the next page; null on the last one. */
  nextCursor: number | null;
}

/**
 * Newest first, one keyset page at a time. Ids come from one sequence, so id order is creation
 * order and the cursor is simply the last id: a page costs the same however deep it is.
 */
async function orderPage(
  em: EntityManager,
  where: FilterQuery<Order>,
  { cursor, limit }: { cursor?: number | undefined; limit: number },
): Promise<OrderPage> {
  const orders = await em.find(
    Order,
    cursor === undefined ? where : { $and: [where, { id: { $lt: cursor } }] },
    {
      orderBy: { id: 'desc' },
      limit: limit + 1,
      populate: ['lines'],
      populateOrderBy: { lines: { id: 'asc' } },
    },
  );
  const items = orders.slice(0, limit);
  return {
    items: items.map((order) => ({
      ...orderView(order),
      email: order.email,
      customerId: order.customer?.id ?? null,
      createdAt: order.createdAt,
    })),
    nextCursor: orders.length > limit ? (items.at(-1)?.id ?? null) : null,
  };
}

/** Give it a primary fork: a customer looks for the order they just placed. */
export function customerOrders(
  em: EntityManager,
  customerId: number,
  page: OrderPageInput,
): Promise<OrderPage> {
  return orderPage(em, { customer: customerId }, page);
}

/** Give it a primary fork: an admin acts on what the list shows. */
export function allOrders(
  em: EntityManager,
  { status, email, ...page }: AdminOrdersInput,
): Promise<OrderPage> {
  return orderPage(em, { ...(status ? { status } : {}), ...(email ? { email } : {}) }, page);
}
