import { isConnectionLoss } from '@holdfast/db';
import { initTRPC } from '@trpc/server';
import { ZodError, z } from 'zod';
import { type CallerSession, findLiveSession } from './accounts/sessions.ts';
import type { Context } from './context.ts';
import { appError, DetailedCause } from './errors.ts';
import { wireFormat } from './wire-format.ts';

export type Access = 'public' | 'customer' | 'admin';

/** Every procedure says who may call it; the access table (README, test/access.test.ts) reads it from here. */
export interface ProcedureMeta {
  access: Access;
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
 * A lost database connection is the server's trouble, not a bug in the request: say so instead
 * of a bare 500. Transactions that lost their connection rolled back; writes are idempotent by
 * key, so the same request can be sent again.
 */
const primaryAvailability = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isConnectionLoss(result.error.cause)) {
    throw appError(
      'SERVICE_UNAVAILABLE',
      'The database is unavailable. Try again shortly; repeating the request with the same idempotency key is safe.',
      { reason: 'PRIMARY_UNAVAILABLE' },
    );
  }
  return result;
});

/**
 * After a mutation (every mutation writes), hands the client the primary's WAL position so its
 * later reads wait for a replica that has it. It runs before any middleware that extends the
 * context, because those hand later ones a copy and the transport reads the original.
 */
const walPositionAfterWrite = t.middleware(async ({ ctx, type, next }) => {
  const result = await next();
  if (type === 'mutation' && result.ok) {
    try {
      const [row] = await ctx.db
        .primaryEm()
        .execute<{ lsn: string }[]>('select pg_current_wal_lsn()::text as lsn');
      ctx.lsnAfterWrite = row?.lsn;
    } catch {
      // the write committed; without a position the client only loses read-your-writes on replicas
    }
  }
  return result;
});

// one lookup per request, however many procedures a batch carries
const sessionLookups = new WeakMap<Context, Promise<CallerSession | null>>();

const identifyCaller = t.middleware(async ({ ctx, next }) => {
  let lookup = sessionLookups.get(ctx);
  if (!lookup) {
    lookup = findLiveSession(ctx.db, ctx.sessionToken);
    sessionLookups.set(ctx, lookup);
  }
  return next({ ctx: { session: await lookup } });
});

const baseProcedure = t.procedure.use(primaryAvailability).use(walPositionAfterWrite);

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Anyone, and the caller is not looked up: catalog traffic must not cost the primary a session
 * query, nor fail for signed-in shoppers while the primary is down and the replicas serve.
 */
export const catalogProcedure = baseProcedure.meta({ access: 'public' });

/** Anyone; `ctx.session` says who, or is null. */
export const publicProcedure = baseProcedure.meta({ access: 'public' }).use(identifyCaller);

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
