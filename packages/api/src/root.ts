import { accountRouter } from './accounts/router.ts';
import { adminRouter } from './admin/router.ts';
import { cartRouter } from './cart/router.ts';
import { catalogRouter } from './catalog/router.ts';
import { checkoutRouter } from './checkout/router.ts';
import { ordersRouter } from './orders/router.ts';
import { createCallerFactory, type ProcedureMeta, router } from './trpc.ts';

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

export interface ProcedureDeclaration {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  meta: ProcedureMeta | undefined;
}

/** Every procedure with what its meta declares (who may call it, where it reads), by path. */
export const procedureDeclarations: ProcedureDeclaration[] = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: Omit<ProcedureDeclaration, 'path'> }>,
)
  .map(([path, { _def }]) => ({ path, type: _def.type, meta: _def.meta }))
  .sort((a, b) => a.path.localeCompare(b.path));

/** The procedures that read from replicas, with their declared freshness budgets: what FRESHNESS_BUDGETS_MS may change. */
export const replicaReadBudgetsMs: Record<string, number> = Object.fromEntries(
  procedureDeclarations.flatMap(({ path, meta }) =>
    typeof meta?.reads === 'object' ? [[path, meta.reads.freshnessBudgetMs]] : [],
  ),
);
