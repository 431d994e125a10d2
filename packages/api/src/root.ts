import { accountRouter } from './router/account.ts';
import { adminRouter } from './router/admin.ts';
import { cartRouter } from './router/cart.ts';
import { catalogRouter } from './router/catalog.ts';
import { checkoutRouter } from './router/checkout.ts';
import { ordersRouter } from './router/orders.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  catalog: catalogRouter,
  cart: cartRouter,
  checkout: checkoutRouter,
  orders: ordersRouter,
  account: accountRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
