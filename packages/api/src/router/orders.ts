import type { TRPCRouterRecord } from '@trpc/server';
import { cancelOrderInput, orderLookupInput, orderPageInput } from '../schemas.ts';
import { cancelUnpaidOrder } from '../services/order-cancellation.ts';
import { customerOrders } from '../services/order-listing.ts';
import { findOrder } from '../services/orders.ts';
import { customerProcedure, publicProcedure } from '../trpc.ts';

export const ordersRouter = {
  get: publicProcedure
    .input(orderLookupInput)
    .query(({ ctx, input }) => findOrder(ctx.db.primaryEm(), input, ctx.session?.customerId ?? null)),
  cancel: publicProcedure
    .input(cancelOrderInput)
    .mutation(({ ctx, input }) => cancelUnpaidOrder(ctx.db, input, ctx.session?.customerId ?? null)),
  mine: customerProcedure
    .input(orderPageInput)
    .query(({ ctx, input }) => customerOrders(ctx.db.primaryEm(), ctx.session.customerId, input)),
} satisfies TRPCRouterRecord;
