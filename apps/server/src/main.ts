import {
  configureAccounts,
  configureCheckoutBulkhead,
  configurePayments,
  configureRouting,
  ensureAdmin,
} from '@holdfast/api';
import {
  applyMigrations,
  ConfigError,
  Database,
  databaseConfig,
  readEnvironment,
  seedCatalog,
  startDevelopmentPair,
} from '@holdfast/db';
import type { PgCluster } from '@holdfast/pg-cluster';
import { buildApp } from './app.ts';
import { serverConfig } from './config.ts';
import { createLogger, databaseLogging } from './logger.ts';
import { startOrderSweeper } from './order-sweeper.ts';
import { createPaymentProvider } from './payment-provider.ts';
import { verifyDatabase } from './startup-checks.ts';

async function main(): Promise<void> {
  let environment = readEnvironment();
  const config = serverConfig(environment);
  // read once; child processes (the embedded PostgreSQL) have no business inheriting them
  delete process.env.ADMIN_PASSWORD;
  delete process.env.PAYMENT_WEBHOOK_SECRET;
  delete process.env.STRIPE_SECRET_KEY;
  let cluster: PgCluster | undefined;
  if (!environment.DATABASE_URL) {
    console.log('No DATABASE_URL: starting the embedded PostgreSQL primary + replica...');
    ({ cluster, environment } = await startDevelopmentPair(environment));
  }
  const logger = createLogger(config.logLevel);
  const db = await Database.connect(databaseConfig(environment), {
    ...databaseLogging(logger),
    replayWaitMs: config.replayWaitMs,
  }).catch(async (error: unknown) => {
    await cluster?.release();
    throw error;
  });
  configureAccounts(db, { sessionTtlMs: config.sessionTtlHours * 3_600_000 });
  configureRouting(db, config.freshnessBudgetsMs);
  configureCheckoutBulkhead(db, config.checkoutBulkhead);
  configurePayments(db, { provider: createPaymentProvider(config.payments) });
  if (config.payments.provider === 'test')
    logger.warn('PAYMENT_PROVIDER=test: orders are marked paid and no money moves');
  const app = await buildApp({
    db,
    logger,
    trustProxy: config.trustProxy,
    paymentWebhookSecret: config.paymentWebhookSecret,
    requestTimeoutMs: config.requestTimeoutMs,
    panel: config.panel,
  });
  let data = 'the database at DATABASE_URL, not seeded';
  try {
    await verifyDatabase(db, logger);
    const applied = await applyMigrations(db);
    if (applied.length) app.log.info({ applied }, 'migrations applied');
    if (config.seedDemoCatalog) {
      const seeded = await db.withoutTimeouts((orm) => seedCatalog(orm.em.fork(), { products: 300 }));
      if (seeded.seeded) app.log.info(seeded, 'demo catalog seeded');
      data = seeded.seeded
        ? `seeded a new demo catalog (${seeded.products} products)`
        : 'reused what was there (nothing seeded)';
    }
    if (config.admin) {
      const outcome = await ensureAdmin(db, config.admin, { existingAdmin: 'keep' });
      app.log.info({ email: config.admin.email, outcome }, 'admin account from ADMIN_EMAIL');
    }
  } catch (error) {
    await db.close();
    await cluster?.release();
    throw error;
  }
  const sweeper = startOrderSweeper(db, app.log, config.sweeper);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await sweeper.stop();
    await db.close();
    await cluster?.release();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  const address = await app.listen({ port: config.port, host: config.host });
  console.log(`
Holdfast is running
  storefront   ${address}/
  API          ${address}/trpc
  tRPC panel   ${config.panel === 'off' ? '(off: PANEL_ENABLED)' : `${address}/panel${config.panel === 'admins' ? ' (admins)' : ''}`}
  health       ${address}/healthz
  metrics      ${address}/metrics
  data         ${data}
Try:  curl '${address}/trpc/catalog.categories'
Ctrl-C stops the server${cluster?.startedServers ? ' and the embedded database' : ''}.`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
