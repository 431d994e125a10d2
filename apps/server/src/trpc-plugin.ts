import fastifyCookie from '@fastify/cookie';
import { type AppRouter, appRouter, createContext, DetailedCause } from '@holdfast/api';
import { lsnResponseHeader, minLsnRequestHeader } from '@holdfast/client';
import { type Database, isLsn } from '@holdfast/db';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { FastifyInstance } from 'fastify';
import { presentedSessionToken, sessionCookieFor } from './session-transport.ts';

export async function registerTrpc(app: FastifyInstance, db: Database): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext({ req, res }) {
        const header = req.headers[minLsnRequestHeader];
        return createContext(db, {
          // a malformed token is ignored rather than refused: it can only make reads fresher
          minLsn: typeof header === 'string' && isLsn(header) ? header : undefined,
          sessionToken: presentedSessionToken(req),
          clientIp: req.ip,
          sessionCookie: sessionCookieFor(req, res),
        });
      },
      responseMeta({ ctx, errors }) {
        const headers: Record<string, string> = {};
        if (ctx?.lsnAfterWrite) headers[lsnResponseHeader] = ctx.lsnAfterWrite;
        for (const { cause } of errors) {
          if (cause instanceof DetailedCause && cause.details.reason === 'RATE_LIMITED') {
            headers['retry-after'] = String(cause.details.retryAfterSeconds);
          }
        }
        return { headers };
      },
      onError({ error, path, req }) {
        // client mistakes are answered, not logged as failures; anything else is a bug worth a stack
        if (error.code === 'INTERNAL_SERVER_ERROR') req.log.error({ err: error, path }, 'procedure failed');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
}
