import type { Database } from '@holdfast/db';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { PanelAccess } from './config.ts';
import { registerHealth } from './health.ts';
import { registerMetrics } from './metrics-endpoint.ts';
import { registerPanel } from './panel.ts';
import { registerPaymentWebhook } from './payment-webhook.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerStorefront } from './storefront.ts';
import { registerTrpc } from './trpc-plugin.ts';

export interface AppOptions {
  db: Database;
  logger: Logger;
  /** The built web app; defaults to apps/web/dist. */
  storefrontDir?: string;
  /** Which proxies may tell us the client's address and protocol (X-Forwarded-*); none by default. */
  trustProxy?: boolean | string;
  /** PAYMENT_WEBHOOK_SECRET; without it every webhook delivery is refused. */
  paymentWebhookSecret?: string;
  /** Who may open /panel; everyone by default (development and tests). */
  panel?: PanelAccess;
}

export async function buildApp({
  db,
  logger,
  storefrontDir,
  trustProxy = false,
  paymentWebhookSecret,
  panel = 'everyone',
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // batched GET calls carry their inputs in the path
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
    trustProxy,
  });
  await registerSecurityHeaders(app);
  await registerTrpc(app, db);
  await registerPaymentWebhook(app, db, paymentWebhookSecret);
  await registerPanel(app, db, panel);
  registerHealth(app, db);
  registerMetrics(app);
  await registerStorefront(app, storefrontDir);
  return app;
}
