import type { TRPCRouterRecord } from '@trpc/server';
import { cartInput, setCartItemInput } from '../schemas.ts';
import { createCart, getCart, setCartItem } from '../services/cart.ts';
import { publicProcedure, writeProcedure } from '../trpc.ts';

export const cartRouter = {
  create: writeProcedure.mutation(({ ctx }) => createCart(ctx.db.primaryEm())),
  get: publicProcedure.input(cartInput).query(({ ctx, input }) => getCart(ctx.db.primaryEm(), input.token)),
  setItem: writeProcedure
    .input(setCartItemInput)
    .mutation(({ ctx, input }) => setCartItem(ctx.db.primaryEm(), input)),
} satisfies TRPCRouterRecord;
