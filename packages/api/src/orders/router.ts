import type { TRPCRouterRecord } from '@trpc/server';
import { readsPrimary } from '../routing.ts';
import { customerProcedure, publicProcedure } from '../trpc.ts';
import { cancelUnpaidOrder } from './order-cancellation.ts';
import { customerOrders } from './order-listing.ts';
import { findOrder } from './orders.ts';
import { cancelOrderInput, orderLookupInput, orderPageInput } from './schemas.ts';

export const ordersRouter = {
  get: publicProcedure
    .meta(readsPrimary())
    .input(orderLookupInput)
    .query(({ ctx, input }) => findOrder(ctx.em, input, ctx.session?.customerId ?? null)),
  cancel: publicProcedure
    .meta(readsPrimary())
    .input(cancelOrderInput)
    .mutation(({ ctx, input }) => cancelUnpaidOrder(ctx.db, input, ctx.session?.customerId ?? null)),
  mine: customerProcedure
    .meta(readsPrimary())
    .input(orderPageInput)
    .query(({ ctx, input }) => customerOrders(ctx.em, ctx.session.customerId, input)),
} satisfies TRPCRouterRecord;
