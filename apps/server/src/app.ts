import type { Database } from '@holdfast/db';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { registerApiLanding } from './api-landing.ts';
import { registerHealth } from './health.ts';
import { registerMetrics } from './metrics-endpoint.ts';
import { registerPanel } from './panel.ts';
import { registerPaymentWebhook } from './payment-webhook.ts';
import { registerProductImages } from './product-images/image-route.ts';
import { registerRequestLog } from './request-log.ts';
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
}

export async function buildApp({
  db,
  logger,
  storefrontDir,
  trustProxy = false,
  paymentWebhookSecret,
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // batched GET calls carry their inputs in the path
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
    trustProxy,
    disableRequestLogging: true,
  });
  registerRequestLog(app);
  await registerTrpc(app, db);
  registerApiLanding(app);
  await registerPaymentWebhook(app, db, paymentWebhookSecret);
  registerPanel(app);
  registerHealth(app, db);
  registerMetrics(app);
  registerProductImages(app);
  await registerStorefront(app, storefrontDir);
  return app;
}
