import type { TRPCRouterRecord } from '@trpc/server';
import { readsPrimary } from '../routing.ts';
import { publicProcedure } from '../trpc.ts';
import { createCart, getCart, setCartItem } from './cart.ts';
import { cartInput, setCartItemInput } from './schemas.ts';

// anyone may have a cart; a signed-in customer's carts are theirs alone (services/cart.ts canUseCart)
export const cartRouter = {
  create: publicProcedure
    .meta(readsPrimary())
    .mutation(({ ctx }) => createCart(ctx.em, ctx.session?.customerId ?? null)),
  // the cart is the shopper's own write, and its stock check must not trust a replica
  get: publicProcedure
    .meta(readsPrimary())
    .input(cartInput)
    .query(({ ctx, input }) => getCart(ctx.em, input.token, ctx.session?.customerId ?? null)),
  setItem: publicProcedure
    .meta(readsPrimary())
    .input(setCartItemInput)
    .mutation(({ ctx, input }) => setCartItem(ctx.em, input, ctx.session?.customerId ?? null)),
} satisfies TRPCRouterRecord;
