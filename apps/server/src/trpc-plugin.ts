import fastifyCookie from '@fastify/cookie';
import { type AppRouter, appRouter, createContext, DetailedCause } from '@holdfast/api';
import {
  formatPositions,
  parsePositions,
  readPositionsHeader,
  writtenPositionsHeader,
} from '@holdfast/api/read-positions';
import type { Database } from '@holdfast/db';
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
        const header = req.headers[readPositionsHeader];
        return createContext(db, {
          // a malformed position is ignored rather than refused: it could only make reads fresher
          readPositions: parsePositions(typeof header === 'string' ? header : undefined),
          sessionToken: presentedSessionToken(req),
          clientIp: req.ip,
          sessionCookie: sessionCookieFor(req, res),
        });
      },
      responseMeta({ ctx, errors }) {
        const headers: Record<string, string> = {};
        if (ctx?.writtenPositions) headers[writtenPositionsHeader] = formatPositions(ctx.writtenPositions);
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
