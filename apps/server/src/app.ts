import { type Database, readEnvironment } from '@holdfast/db';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { registerApiLanding } from './api-landing.ts';
import { limitBodyTime } from './body-timeout.ts';
import type { PanelAccess } from './config.ts';
import { registerHealth } from './health.ts';
import { registerMetrics } from './metrics-endpoint.ts';
import { registerPanel } from './panel.ts';
import { registerPaymentWebhook } from './payment-webhook.ts';
import { registerProductImages } from './product-images/image-route.ts';
import { OneLinePerRequest } from './request-log.ts';
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
  /** HTTP_REQUEST_TIMEOUT_MS: a client still sending its request after this is answered 408. */
  requestTimeoutMs?: number;
  /** Who may open /panel; everyone by default (development and tests). */
  panel?: PanelAccess;
}

export async function buildApp({
  db,
  logger,
  storefrontDir,
  trustProxy = false,
  paymentWebhookSecret,
  requestTimeoutMs = readEnvironment({}).HTTP_REQUEST_TIMEOUT_MS,
  panel = 'everyone',
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // batched GET calls carry their inputs in the path
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
    // Node bounds the headers with it (checked every second, not its default 30 s); limitBodyTime bounds the body
    requestTimeout: requestTimeoutMs,
    http: { connectionsCheckingInterval: Math.min(1_000, requestTimeoutMs) },
    trustProxy,
    logController: new OneLinePerRequest(),
  });
  limitBodyTime(app, requestTimeoutMs);
  registerSecurityHeaders(app);
  await registerTrpc(app, db);
  registerApiLanding(app);
  await registerPaymentWebhook(app, db, paymentWebhookSecret);
  await registerPanel(app, db, panel);
  registerHealth(app, db);
  registerMetrics(app);
  registerProductImages(app);
  await registerStorefront(app, storefrontDir);
  return app;
}
