import { ConnectionException } from '@mikro-orm/core';
import { initTRPC } from '@trpc/server';
import superjson from 'superjson';
import { ZodError, z } from 'zod';
import type { Context } from './context.ts';
import { appError, DetailedCause } from './errors.ts';

const t = initTRPC.context<Context>().create({
  transformer: superjson,
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

/** A lost primary means nothing was written: say so instead of a bare 500. */
const primaryAvailability = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof ConnectionException) {
    throw appError(
      'SERVICE_UNAVAILABLE',
      'The database is unavailable; nothing was written. Try again shortly.',
      {
        reason: 'PRIMARY_UNAVAILABLE',
      },
    );
  }
  return result;
});

/** After a write, hands the client the primary's WAL position so its later reads wait for a replica that has it. */
const walPositionAfterWrite = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (result.ok) {
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

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(primaryAvailability);
export const writeProcedure = publicProcedure.use(walPositionAfterWrite);
