import type { TRPCRouterRecord } from '@trpc/server';
import { readsPrimary } from '../routing.ts';
import { customerProcedure, publicProcedure } from '../trpc.ts';
import { currentCustomer, login, logout, register } from './accounts.ts';
import { loginInput, registerInput } from './schemas.ts';

export const accountRouter = {
  register: publicProcedure
    .meta(readsPrimary())
    .input(registerInput)
    .mutation(async ({ ctx, input }) => {
      const signedIn = await register(ctx.db, input, ctx);
      ctx.sessionCookie?.set(signedIn.token, signedIn.expiresAt);
      return signedIn;
    }),
  login: publicProcedure
    .meta(readsPrimary())
    .input(loginInput)
    .mutation(async ({ ctx, input }) => {
      const signedIn = await login(ctx.db, input, ctx);
      ctx.sessionCookie?.set(signedIn.token, signedIn.expiresAt);
      return signedIn;
    }),
  // public: a browser holding a dead session's cookie must still be able to drop it
  logout: publicProcedure.meta(readsPrimary()).mutation(async ({ ctx }) => {
    await logout(ctx.db, ctx.sessionToken);
    ctx.sessionCookie?.clear();
  }),
  me: customerProcedure.meta(readsPrimary()).query(({ ctx }) => currentCustomer(ctx.db, ctx.session)),
} satisfies TRPCRouterRecord;
