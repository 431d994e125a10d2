import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database } from '@holdfast/db';
import type { ReadScope } from './read-positions.ts';

/**
 * Where a procedure reads, declared in its meta beside `access`; the routing middleware
 * (trpc.ts) hands it `ctx.em` on that server, and docs/routing.md's table is generated from it.
 * - `'primary'`: every read on the primary (writes always are).
 * - `{ replica, freshnessBudgetMs }`: a replica at most that far behind the primary, and one that
 *   has replayed the caller's last write of that scope; the primary when none qualifies.
 */
export type Reads = 'primary' | { replica: ReadScope; freshnessBudgetMs: number };

export interface RoutingMeta {
  reads?: Reads;
  /** Read scopes this procedure's writes change: the client is handed their new position. */
  pins?: ReadScope[];
}

/** Reads on the primary; for a mutation, `pins` names the replica-read scopes its writes change. */
export function readsPrimary(...pins: ReadScope[]): RoutingMeta {
  return pins.length ? { reads: 'primary', pins } : { reads: 'primary' };
}

export function readsReplica(scope: ReadScope, freshnessBudgetMs: number): RoutingMeta {
  return { reads: { replica: scope, freshnessBudgetMs } };
}

const budgetOverrides = new WeakMap<Database, Record<string, number>>();

/**
 * Freshness budgets from the operator (FRESHNESS_BUDGETS_MS), by procedure path, for everything
 * that runs on this database; the declared budget applies to the others.
 */
export function configureRouting(db: Database, freshnessBudgetsMs: Record<string, number>): void {
  budgetOverrides.set(db, freshnessBudgetsMs);
}

export function freshnessBudgetMs(db: Database, path: string, declaredMs: number): number {
  return budgetOverrides.get(db)?.[path] ?? declaredMs;
}

const runningProcedure = new AsyncLocalStorage<string>();

/** Runs `work` as the procedure `path`: queries it issues, however deep, can say whose they are. */
export function asProcedure<T>(path: string, work: () => T): T {
  return runningProcedure.run(path, work);
}

/** The procedure whose work is running, for the query log; undefined outside procedures. */
export function currentProcedure(): string | undefined {
  return runningProcedure.getStore();
}
