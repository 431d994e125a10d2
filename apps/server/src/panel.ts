import { appRouter } from '@holdfast/api';
import { type Database, importDevDependency } from '@holdfast/db';
import type { FastifyInstance } from 'fastify';
import { admitAdmin } from './admin-caller.ts';
import type { PanelAccess } from './config.ts';
import { panelPolicy } from './security-headers.ts';

/**
 * The tRPC panel: every procedure with a form for its input, calling this server's /trpc.
 * trpc-ui (React, Monaco) is a dev dependency, kept out of production installs unless the panel is wanted.
 */
export async function registerPanel(app: FastifyInstance, db: Database, access: PanelAccess): Promise<void> {
  if (access === 'off') return;
  const { renderTrpcPanel } = await importDevDependency(
    () => import('trpc-ui-zod4'),
    'The tRPC panel (PANEL_ENABLED)',
  );
  let page: { html: string; policy: string } | undefined;
  app.get('/panel', async (request, reply) => {
    if (access === 'admins' && !(await admitAdmin(db, request, reply))) return reply;
    // rendered once: the router does not change while the process runs
    if (!page) {
      const html = renderTrpcPanel(appRouter, {
        url: '/trpc',
        transformer: 'superjson',
        meta: {
          title: 'Holdfast API',
          description: 'Catalog reads come from a replica; cart and checkout run on the primary.',
        },
      });
      page = { html, policy: panelPolicy(html) };
    }
    return reply
      .header('content-security-policy', page.policy)
      .type('text/html; charset=utf-8')
      .send(page.html);
  });
}
