import type { Database } from '@holdfast/db';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { registerHealth } from './health.ts';
import { registerPanel } from './panel.ts';
import { registerStorefront } from './storefront.ts';
import { registerTrpc } from './trpc-plugin.ts';

export interface AppOptions {
  db: Database;
  logger: Logger;
  /** The built web app; defaults to apps/web/dist. */
  storefrontDir?: string;
}

export async function buildApp({ db, logger, storefrontDir }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // batched GET calls carry their inputs in the path
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
  });
  await registerTrpc(app, db);
  registerPanel(app);
  registerHealth(app, db);
  await registerStorefront(app, storefrontDir);
  return app;
}
