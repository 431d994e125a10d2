import { type AppRouter, appRouter, createContext } from '@holdfast/api';
import { lsnResponseHeader, minLsnRequestHeader } from '@holdfast/client';
import { type Database, isLsn } from '@holdfast/db';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { FastifyInstance } from 'fastify';

export async function registerTrpc(app: FastifyInstance, db: Database): Promise<void> {
  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext({ req }) {
        const header = req.headers[minLsnRequestHeader];
        // a malformed token is ignored rather than refused: it can only make reads fresher
        const minLsn = typeof header === 'string' && isLsn(header) ? header : undefined;
        return createContext(db, minLsn);
      },
      responseMeta({ ctx }) {
        return ctx?.lsnAfterWrite ? { headers: { [lsnResponseHeader]: ctx.lsnAfterWrite } } : {};
      },
      onError({ error, path, req }) {
        // client mistakes are answered, not logged as failures; anything else is a bug worth a stack
        if (error.code === 'INTERNAL_SERVER_ERROR') req.log.error({ err: error, path }, 'procedure failed');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
}
