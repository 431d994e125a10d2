import { setTimeout as pause } from 'node:timers/promises';
import { createProduct, type TestDatabase, type VariantFixture } from '@holdfast/db/testing';
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { type Context, createContext, type RequestDetails } from '../src/context.ts';
import { DetailedCause, type ErrorDetails } from '../src/errors.ts';
import { createCaller } from '../src/root.ts';

/**
 * A caller with a context of its own, as one HTTP request would have (a session token, an
 * address, a read-your-writes position); the context shows what a write set.
 */
export function newCaller(
  t: TestDatabase,
  request: RequestDetails = {},
): { api: ReturnType<typeof createCaller>; ctx: Context } {
  const ctx = createContext(t.db, request);
  return { api: createCaller(ctx), ctx };
}

/** The TRPCError a call was refused with (fails the test if it succeeded or threw anything else). */
export async function refusal(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

export function detailsOf(error: unknown): ErrorDetails | undefined {
  return error instanceof TRPCError && error.cause instanceof DetailedCause ? error.cause.details : undefined;
}

/** A product with the given variants, committed on the primary and replayed on the replica. */
export async function stockedProduct(t: TestDatabase, variants: VariantFixture[]) {
  const fixture = await createProduct(t.db.primaryEm(), variants);
  await t.replicaCaughtUp();
  return { product: fixture.product, variants: fixture.variants.map(({ id, sku }) => ({ id, sku })) };
}

/** How many sessions wait for a lock in the test's database now. */
export async function lockWaiters(t: TestDatabase): Promise<number> {
  const [row] = await t.sql<{ waiting: number }>(
    'primary',
    `select count(*)::int as waiting from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`,
  );
  return row?.waiting ?? 0;
}

/** Resolves once `count` sessions of the test's database are blocked on a lock. */
export async function waitForLockWaiters(t: TestDatabase, count = 1): Promise<void> {
  while ((await lockWaiters(t)) < count) await pause(5);
}

/**
 * Locks the row (a variant's by default) in a transaction of another session (no timeouts) until
 * the returned function is called. The test's own work runs outside that transaction's callback:
 * MikroORM finds a running transaction through async context, and would hand it to the buyers too.
 */
export async function holdRowLock(
  t: TestDatabase,
  id: number,
  table: 'variant' | 'cart' = 'variant',
): Promise<() => Promise<void>> {
  let unlock!: () => void;
  const unlocked = new Promise<void>((resolve) => {
    unlock = resolve;
  });
  let signalLocked!: () => void;
  const locked = new Promise<void>((resolve) => {
    signalLocked = resolve;
  });
  const holding = t.db.withoutTimeouts((orm) =>
    orm.em.fork().transactional(async (holder) => {
      await holder.execute(`select 1 from ${table} where id = ? for update`, [id]);
      signalLocked();
      await unlocked;
    }),
  );
  await Promise.race([locked, holding]);
  return async () => {
    unlock();
    await holding;
  };
}

/** Runs `body` while the replica serves its current data and applies nothing new. */
export async function withReplayPaused(t: TestDatabase, body: () => Promise<void>): Promise<void> {
  await t.cluster.replica.pauseReplay();
  try {
    await body();
  } finally {
    await t.cluster.replica.resumeReplay();
  }
  await t.replicaCaughtUp();
}

/** Stock on hand next to what the ledger says it should be. */
