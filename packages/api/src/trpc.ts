import {
  ContentionError,
  type EntityManager,
  isConnectionLoss,
  isDatabaseTimeout,
  isRefusedInput,
  type RoutedRead,
  withCommitPosition,
} from '@holdfast/db';
import { getTRPCErrorFromUnknown, initTRPC, type TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import { type CallerSession, findLiveSession } from './accounts/sessions.ts';
import type { Context } from './context.ts';
import { appError, contention, DetailedCause } from './errors.ts';
import { clampedPositions, procedureDuration, readsByTarget, readYourWritesWait } from './metrics.ts';
import { asProcedure, freshnessBudgetMs, type RoutingMeta } from './routing.ts';
import { wireFormat } from './wire-format.ts';

export type Access = 'public' | 'customer' | 'admin';

/**
 * Every procedure says who may call it and where it reads; the access table (README,
 * test/access.test.ts) and the routing table (docs/routing.md, test/routing.test.ts) read it here.
 */
export interface ProcedureMeta extends RoutingMeta {
  /** Set by the builder a procedure starts from (below); optional only so that `.meta()` can add routing alone. */
  access?: Access;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: wireFormat,
    errorFormatter({ shape, error }) {
      return {
        ...shape,
        data: {
          ...shape.data,
          // never leak stack traces to clients
          stack: undefined,
          zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
          details: error.cause instanceof DetailedCause ? error.cause.details : null,
        },
      };
    },
  });

/**
 * The failure a caller gets instead of the procedure's own, when that was not a bug in the
 * procedure: a value the schemas let through and the database still refused is the request's
 * fault (a 400, not a 500); a lost database connection, one that ran out of time, or rows that
 * stayed contended through every retry are the server's trouble, said as such rather than as a
 * bare 500. Transactions that failed so rolled back; writes are idempotent by key, so the same
 * request can be sent again.
 */
function translatedFailure(cause: unknown): TRPCError | undefined {
  if (cause instanceof ContentionError) return contention();
  if (isConnectionLoss(cause)) {
    return appError(
      'SERVICE_UNAVAILABLE',
      'The database is unavailable. Try again shortly; repeating the request with the same idempotency key is safe.',
      { reason: 'PRIMARY_UNAVAILABLE' },
    );
  }
  if (isDatabaseTimeout(cause)) {
    return appError(
      'SERVICE_UNAVAILABLE',
      'The database did not answer in time. Try again shortly; repeating the request with the same idempotency key is safe.',
      { reason: 'DATABASE_TIMEOUT' },
    );
  }
  if (isRefusedInput(cause)) {
    return appError(
      'BAD_REQUEST',
      'A value in the request is out of range or holds characters that cannot be stored',
    );
  }
  return undefined;
}

/** What a step of tRPC's chain gets back from the rest of it. */
type ChainResult = { ok: true } | { ok: false; error: TRPCError };

/**
 * Every call's outcome: its failure translated (above) and its duration observed under the code
 * the caller gets, whether the rest of the chain answered with a failure or threw one.
 */
async function withOutcome<R extends ChainResult>(path: string, run: () => Promise<R>): Promise<R> {
  const started = performance.now();
  let result: R | undefined;
  let error: TRPCError | undefined;
  try {
    result = await run();
    if (!result.ok) error = result.error;
  } catch (thrown) {
    error = getTRPCErrorFromUnknown(thrown);
  }
  const failure = error && translatedFailure(error.cause);
  const code = (failure ?? error)?.code ?? 'ok';
  procedureDuration.observe({ procedure: path, outcome: code }, (performance.now() - started) / 1000);
  if (failure) throw failure;
  if (!result) throw error;
  return result;
}

function countRead(path: string, routed: RoutedRead, carriedPosition: boolean): void {
  readsByTarget.inc({ procedure: path, target: routed.target, fallback: routed.fallback ?? '' });
  if (carriedPosition) readYourWritesWait.observe(routed.replayWaitMs / 1000);
  if (routed.clamped) clampedPositions.inc();
}

/**
 * Runs the rest of the chain (`next`) with an entity manager where the procedure's meta says it
 * reads, which it hands the procedure as `ctx.em`. A replica read that loses its connection runs
 * once more elsewhere (the replica is skipped until it answers a health check), so a replica
 * dying under load costs its in-flight reads a retry, not an error. After a write that pins
 * replica reads, the client is handed the primary's position, read on the committing connection
 * right after its commit (withCommitPosition): no second connection while the first is held,
 * none taken from a pool that lock waiters may fill. It runs in the chain's first step, before
 * any middleware that extends the context: those hand later ones a copy, and the transport reads
 * the position from the original.
 */
function routed<R extends ChainResult>(
  { ctx, meta, path }: { ctx: Context; meta: ProcedureMeta | undefined; path: string },
  next: (em: EntityManager) => Promise<R>,
): Promise<R> {
  return asProcedure(path, async () => {
    const reads = meta?.reads;
    if (!reads) throw new Error(`${path} does not declare where it reads (meta.reads)`);
    if (reads === 'primary') {
      const run = () => next(ctx.db.primaryEm());
      if (!meta.pins?.length) return run();
      const { result, lsn: committedAt, readAt } = await withCommitPosition(run);
      if (committedAt && readAt) ctx.db.notePrimaryPosition(committedAt, readAt);
      if (result.ok) {
        try {
          const lsn = committedAt ?? (await ctx.db.primaryPosition());
          ctx.writtenPositions = Object.fromEntries(meta.pins.map((scope) => [scope, lsn]));
        } catch {
          // the write committed; without a position the client only loses read-your-writes on replicas
        }
      }
      return result;
    }
    const minLsn = ctx.readPositions[reads.replica];
    const options = { freshnessBudgetMs: freshnessBudgetMs(ctx.db, path, reads.freshnessBudgetMs), minLsn };
    let routed = await ctx.db.routeRead(options);
    countRead(path, routed, minLsn !== undefined);
    let result = await next(routed.em);
    if (!result.ok && isConnectionLoss(result.error.cause)) {
      if (routed.target === 'primary') {
        // a read sent to the primary because the replica looked stale, and the primary just died:
        // the health monitor would notice within a tick; until then the replica, having replayed
        // all it received, holds everything there is, so it serves now instead of the read failing
        await ctx.db.reportPrimaryLost();
        const again = await ctx.db.routeRead(options);
        if (again.target !== 'primary') {
          routed = again;
          countRead(path, routed, false);
          result = await next(routed.em);
        }
      } else {
        ctx.db.reportReplicaLost(routed.target);
        routed = await ctx.db.routeRead({ ...options, avoid: [routed.target] });
        countRead(path, routed, false);
        result = await next(routed.em);
      }
    }
    if (!result.ok && isConnectionLoss(result.error.cause)) {
      const onPrimary = routed.target === 'primary';
      throw appError(
        'SERVICE_UNAVAILABLE',
        onPrimary
          ? 'The database is unavailable. Try again shortly.'
          : 'The replica answering this read was lost. Try again shortly.',
        { reason: onPrimary ? 'PRIMARY_UNAVAILABLE' : 'REPLICA_UNAVAILABLE' },
      );
    }
    return result;
  });
}

// one lookup per request, however many procedures a batch carries
const sessionLookups = new WeakMap<Context, Promise<CallerSession | null>>();

function callerOf(ctx: Context): Promise<CallerSession | null> {
  let lookup = sessionLookups.get(ctx);
  if (!lookup) {
    lookup = findLiveSession(ctx.db, ctx.sessionToken);
    sessionLookups.set(ctx, lookup);
  }
  return lookup;
}

// Outcome, routing and the caller's session are one step of tRPC's chain, not one each: every
// step copies the call's options and context, and tRPC's copying was 6.5% of an order's
// JavaScript time in a profile with three steps here (docs/benchmarks.md, pass 10).
const routing = t.middleware((opts) =>
  withOutcome(opts.path, () => routed(opts, (em) => opts.next({ ctx: { em } }))),
);

const routingAndCaller = t.middleware((opts) =>
  withOutcome(opts.path, () =>
    routed(opts, async (em) => opts.next({ ctx: { em, session: await callerOf(opts.ctx) } })),
  ),
);

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Anyone, and the caller is not looked up: catalog traffic must not cost the primary a session
 * query, nor fail for signed-in shoppers while the primary is down and the replicas serve.
 */
export const catalogProcedure = t.procedure.use(routing).meta({ access: 'public' });

/** Anyone; `ctx.session` says who, or is null. */
export const publicProcedure = t.procedure.use(routingAndCaller).meta({ access: 'public' });

/** Signed in: UNAUTHORIZED without a live session. */
export const customerProcedure = publicProcedure.meta({ access: 'customer' }).use(({ ctx, next }) => {
  if (!ctx.session) throw appError('UNAUTHORIZED', 'Not signed in, or the session has ended');
  return next({ ctx: { session: ctx.session } });
});

/** Signed in as an admin: FORBIDDEN for a customer. */
export const adminProcedure = customerProcedure.meta({ access: 'admin' }).use(({ ctx, next }) => {
  if (ctx.session.role !== 'admin') throw appError('FORBIDDEN', 'Admins only');
  return next();
});
