import {
  configureAccounts,
  configureCheckoutBulkhead,
  configurePayments,
  configureRouting,
  limitPasswordHashing,
} from '@holdfast/api';
import { Database, databaseConfig, readEnvironment } from '@holdfast/db';
import { buildApp } from './app.ts';
import { serverConfig } from './config.ts';
import { createLogger, databaseLogging } from './logger.ts';
import { startOrderSweeper } from './order-sweeper.ts';
import { createPaymentProvider } from './payment-provider.ts';
import { reportListening } from './server-processes.ts';

/**
 * One server process: its own pools, health monitor and order sweeper, serving the port the
 * primary shares out. Its environment is the primary's plus what the primary resolved (the
 * embedded pair's URLs) and the secrets it took out of its own (see workerEnvironment).
 *
 * When the primary dies, Node's cluster ends this process at once (the IPC channel closes), so a
 * killed server never leaves workers serving.
 */
export async function runWorker(): Promise<void> {
  const environment = readEnvironment();
  const config = serverConfig(environment);
  const logger = createLogger(config.logLevel);
  const db = await Database.connect(databaseConfig(environment), {
    ...databaseLogging(logger),
    replayWaitMs: config.replayWaitMs,
  });
  configureAccounts(db, { sessionTtlMs: config.sessionTtlHours * 3_600_000 });
  limitPasswordHashing(config.passwordHashing);
  configureRouting(db, config.freshnessBudgetsMs);
  configureCheckoutBulkhead(db, config.checkoutBulkhead);
  configurePayments(db, { provider: createPaymentProvider(config.payments) });
  const app = await buildApp({
    db,
    logger,
    trustProxy: config.trustProxy,
    paymentWebhookSecret: config.paymentWebhookSecret,
    requestTimeoutMs: config.requestTimeoutMs,
    panel: config.panel,
  });
  const sweeper = startOrderSweeper(db, app.log, config.sweeper);
  const stop = async () => {
    await app.close();
    await sweeper.stop();
    await db.close();
    process.exit(0);
  };
  // the primary sends SIGTERM when the server stops, and waits (bounded) for this to finish
  process.once('SIGTERM', () => void stop());
  // Ctrl-C reaches the terminal's whole process group: the primary orders the shutdown
  process.on('SIGINT', () => {});
  reportListening(await app.listen({ port: config.port, host: config.host }));
}
