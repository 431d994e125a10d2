import type { TRPCRouterRecord } from '@trpc/server';
import { payOrder } from '../payments/payment.ts';
import { payInput } from '../payments/schemas.ts';
import { paymentSettingsFor } from '../payments/settings.ts';
import { readsPrimary } from '../routing.ts';
import { publicProcedure } from '../trpc.ts';
import { placeOrder } from './checkout.ts';
import { placeOrderInput } from './schemas.ts';

export const checkoutRouter = {
  placeOrder: publicProcedure
    .meta(readsPrimary())
    .input(placeOrderInput)
    .mutation(({ ctx, input }) => placeOrder(ctx.db, input, ctx.session?.customerId ?? null)),
  pay: publicProcedure
    .meta(readsPrimary())
    .input(payInput)
    .mutation(({ ctx, input }) =>
      payOrder(ctx.db, paymentSettingsFor(ctx.db), input, ctx.session?.customerId ?? null),
    ),
} satisfies TRPCRouterRecord;
