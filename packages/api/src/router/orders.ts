import type { TRPCRouterRecord } from '@trpc/server';
import { orderLookupInput } from '../schemas.ts';
import { findOrder } from '../services/orders.ts';
import { publicProcedure } from '../trpc.ts';

export const ordersRouter = {
  get: publicProcedure
    .input(orderLookupInput)
    .query(({ ctx, input }) => findOrder(ctx.db.primaryEm(), input)),
} satisfies TRPCRouterRecord;
