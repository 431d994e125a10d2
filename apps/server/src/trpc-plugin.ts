import fastifyCookie from '@fastify/cookie';
import { type AppRouter, appRouter, type Context, createContext, DetailedCause } from '@holdfast/api';
import { maxBatchSize } from '@holdfast/api/batch-limit';
import {
  formatPositions,
  parsePositions,
  readPositionsHeader,
  writtenPositionsHeader,
} from '@holdfast/api/read-positions';
import type { Database } from '@holdfast/db';
import type { TRPCError } from '@trpc/server';
import { type FastifyTRPCPluginOptions, fastifyRequestHandler } from '@trpc/server/adapters/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { presentedSessionToken, sessionCookieFor } from './session-transport.ts';
import { answerSingleCall, type CallRequest } from './trpc-single-call.ts';

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

function contextFor(db: Database, request: FastifyRequest, reply: FastifyReply): Context {
  const header = request.headers[readPositionsHeader];
  return createContext(db, {
    // a malformed position is ignored rather than refused: it could only make reads fresher
    readPositions: parsePositions(typeof header === 'string' ? header : undefined),
    sessionToken: presentedSessionToken(request),
    clientIp: request.ip,
    sessionCookie: sessionCookieFor(request, reply),
  });
}

function responseHeaders(ctx: Context | undefined, errors: readonly TRPCError[]): Record<string, string> {
  const headers: Record<string, string> = {};
  if (ctx?.writtenPositions) headers[writtenPositionsHeader] = formatPositions(ctx.writtenPositions);
  for (const { cause } of errors) {
    if (cause instanceof DetailedCause && 'retryAfterSeconds' in cause.details) {
      headers['retry-after'] = String(cause.details.retryAfterSeconds);
    }
  }
  return headers;
}

function logFailure(request: FastifyRequest, error: TRPCError, path: string | undefined): void {
  // client mistakes are answered, not logged as failures; anything else is a bug worth a stack
  if (error.code === 'INTERNAL_SERVER_ERROR') request.log.error({ err: error, path }, 'procedure failed');
}

/**
 * The request as one call; undefined where tRPC's adapter reads it differently: a query string
 * that repeats a parameter tRPC reads once, or a GET that names a body type other than JSON.
 */
function asCall(request: FastifyRequest, path: string): CallRequest | undefined {
  const { batch, input } = request.query as Record<string, string | string[] | undefined>;
  if (Array.isArray(batch) || Array.isArray(input)) return undefined;
  const contentType = request.headers['content-type'];
  if (contentType !== undefined && !contentType.startsWith('application/json')) return undefined;
  return {
    method: request.method,
    path,
    batch,
    rawInput: request.method === 'GET' ? input : (request.body as string | undefined),
    acceptsStream: request.headers['trpc-accept'] !== undefined,
  };
}

/** What tRPC's Fastify adapter is given: the same context, headers and error log as answerSingleCall. */
export function trpcAdapterOptions(db: Database) {
  return {
    router: appRouter,
    maxBatchSize,
    createContext: ({ req, res }) => contextFor(db, req, res),
    responseMeta: ({ ctx, errors }) => ({ headers: responseHeaders(ctx, errors) }),
    onError: ({ error, path, req }) => logFailure(req, error, path),
  } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'];
}

/**
 * tRPC at /trpc: a request with one call is answered by answerSingleCall (trpc-single-call.ts),
 * without tRPC's HTTP adapter and its cost; every other request (a page's batched reads among
 * them) by tRPC's Fastify adapter. Both run the same context, headers and error log.
 */
export async function registerTrpc(app: FastifyInstance, db: Database): Promise<void> {
  await app.register(fastifyCookie);
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/trpc/')) await refuseNonJsonBodies(request, reply);
  });
  const trpcOptions = trpcAdapterOptions(db);
  await app.register(async (scope) => {
    // as tRPC's own plugin does: the body reaches tRPC as the text it was sent
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      done(null, body);
    });
    scope.all('/trpc/:path', async (request, reply) => {
      const { path } = request.params as { path: string };
      const call = asCall(request, path);
      const answer =
        call &&
        (await answerSingleCall(appRouter, call, {
          createContext: () => contextFor(db, request, reply),
          headersFor: responseHeaders,
          onError: (error) => logFailure(request, error, path),
        }));
      // bytes, not a string: Fastify would add a charset to the content type tRPC's adapter sends
      if (answer) return reply.code(answer.status).headers(answer.headers).send(Buffer.from(answer.body));
      await fastifyRequestHandler({ ...trpcOptions, req: request, res: reply, path });
      return reply;
    });
  });
}
