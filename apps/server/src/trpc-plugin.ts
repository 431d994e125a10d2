import fastifyCookie from '@fastify/cookie';
import { type AppRouter, appRouter, createContext, DetailedCause } from '@holdfast/api';
import { maxBatchSize } from '@holdfast/api/batch-limit';
import {
  formatPositions,
  parsePositions,
  readPositionsHeader,
  writtenPositionsHeader,
} from '@holdfast/api/read-positions';
import type { Database } from '@holdfast/db';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { presentedSessionToken, sessionCookieFor } from './session-transport.ts';

// requests that carry no body, whatever their headers say
const bodiless = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The API takes JSON only. tRPC would read a multipart/form-data body itself, past Fastify's
 * body limit, so anything else is refused with 415 here, before a byte of the body is read.
 */
async function refuseNonJsonBodies(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (bodiless.has(request.method)) return;
  const type = request.headers['content-type']?.split(';', 1)[0]?.trim().toLowerCase();
  if (type === 'application/json') return;
  // the rest of the body is never read: close the connection rather than drain it
  reply.header('connection', 'close');
  await reply.code(415).send({
    error: 'Unsupported Media Type',
    message: 'The API takes application/json request bodies only',
  });
}

export async function registerTrpc(app: FastifyInstance, db: Database): Promise<void> {
  await app.register(fastifyCookie);
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/trpc/')) await refuseNonJsonBodies(request, reply);
  });
  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      maxBatchSize,
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
          if (cause instanceof DetailedCause && 'retryAfterSeconds' in cause.details) {
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
