import type { TRPCRouterRecord } from '@trpc/server';
import { paymentSettingsFor } from '../payments/settings.ts';
import { readsPrimary } from '../routing.ts';
import { payInput, placeOrderInput } from '../schemas.ts';
import { placeOrder } from '../services/checkout.ts';
import { payOrder } from '../services/payment.ts';
import { publicProcedure } from '../trpc.ts';

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
