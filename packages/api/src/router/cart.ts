import type { TRPCRouterRecord } from '@trpc/server';
import { cartInput, setCartItemInput } from '../schemas.ts';
import { createCart, getCart, setCartItem } from '../services/cart.ts';
import { publicProcedure } from '../trpc.ts';

// anyone may have a cart; a signed-in customer's carts are theirs alone (services/cart.ts canUseCart)
export const cartRouter = {
  create: publicProcedure.mutation(({ ctx }) =>
    createCart(ctx.db.primaryEm(), ctx.session?.customerId ?? null),
  ),
  get: publicProcedure
    .input(cartInput)
    .query(({ ctx, input }) => getCart(ctx.db.primaryEm(), input.token, ctx.session?.customerId ?? null)),
  setItem: publicProcedure
    .input(setCartItemInput)
    .mutation(({ ctx, input }) => setCartItem(ctx.db.primaryEm(), input, ctx.session?.customerId ?? null)),
} satisfies TRPCRouterRecord;
