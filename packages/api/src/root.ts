import { catalogRouter } from './router/catalog.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  catalog: catalogRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
