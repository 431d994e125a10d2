import type { TRPCRouterRecord } from '@trpc/server';
import { placeOrderInput } from '../schemas.ts';
import { placeOrder } from '../services/checkout.ts';
import { writeProcedure } from '../trpc.ts';

export const checkoutRouter = {
  placeOrder: writeProcedure.input(placeOrderInput).mutation(({ ctx, input }) => placeOrder(ctx.db, input)),
} satisfies TRPCRouterRecord;
