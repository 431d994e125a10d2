import { appRouter } from '@holdfast/api';
import type { FastifyInstance } from 'fastify';
import { renderTrpcPanel } from 'trpc-ui-zod4';

/** The tRPC panel: every procedure with a form for its input, calling this server's /trpc. */
export function registerPanel(app: FastifyInstance): void {
  let html: string | undefined;
  app.get('/panel', (_request, reply) => {
    // rendered once: the router does not change while the process runs
    html ??= renderTrpcPanel(appRouter, {
      url: '/trpc',
      transformer: 'superjson',
      meta: {
        title: 'Holdfast API',
        description: 'Catalog reads come from a replica; cart and checkout run on the primary.',
      },
    });
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
