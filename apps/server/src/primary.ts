import { type Environment, readEnvironment, startDevelopmentPair } from '@holdfast/db';
import type { PgCluster } from '@holdfast/pg-cluster';
import { aggregateWorkerMetrics } from './cluster-metrics.ts';
import { serverConfig } from './config.ts';
import { prepareDatabase } from './database-setup.ts';
import { createLogger } from './logger.ts';
import { startServerProcesses } from './server-processes.ts';
import { startBanner } from './start-banner.ts';

/**
 * What a worker's environment needs beyond the primary's own: the database actually used (the
 * embedded pair's URLs when it was started here) and the secrets taken out of this process's
 * environment. Passed through the fork, never logged.
 */
function workerEnvironment(environment: Environment): Record<string, string> {
  return {
    DATABASE_URL: environment.DATABASE_URL ?? '',
    DATABASE_REPLICA_URLS: environment.DATABASE_REPLICA_URLS.join(','),
    PAYMENT_WEBHOOK_SECRET: environment.PAYMENT_WEBHOOK_SECRET ?? '',
    STRIPE_SECRET_KEY: environment.STRIPE_SECRET_KEY ?? '',
    // the admin is made once, here: its password stays in this process (empty counts as unset)
    ADMIN_EMAIL: '',
  };
}

/**
 * The primary process: checks the configuration, starts the embedded pair when there is no
 * DATABASE_URL, does the once-only database work, then keeps SERVER_PROCESSES workers serving
 * the port. It stops them before it releases the database they use.
 */
export async function runPrimary(): Promise<void> {
  let environment = readEnvironment();
  const config = serverConfig(environment);
  // read once; child processes (the embedded PostgreSQL, the workers) must not inherit them
  delete process.env.ADMIN_PASSWORD;
  delete process.env.PAYMENT_WEBHOOK_SECRET;
  delete process.env.STRIPE_SECRET_KEY;
  let pair: PgCluster | undefined;
  if (!environment.DATABASE_URL) {
    console.log('No DATABASE_URL: starting the embedded PostgreSQL primary + replica...');
    ({ cluster: pair, environment } = await startDevelopmentPair(environment));
  }
  const logger = createLogger(config.logLevel);
  if (config.payments.provider === 'test')
    logger.warn('PAYMENT_PROVIDER=test: orders are marked paid and no money moves');
  const data = await prepareDatabase(environment, config, logger).catch(async (error: unknown) => {
    await pair?.release();
    throw error;
  });

  let ending = false;
  const end = async (code: number, message: string) => {
    if (ending) return;
    ending = true;
    if (code === 0) logger.info(message);
    else console.error(message);
    await processes.stop();
    await pair?.release();
    process.exit(code);
  };
  const processes = startServerProcesses({
    count: environment.SERVER_PROCESSES,
    env: workerEnvironment(environment),
    logger,
    onFailure: (reason) => void end(1, `Holdfast stopped: ${reason}`),
  });
  aggregateWorkerMetrics(() => processes.serving());
  process.on('SIGINT', () => void end(0, 'SIGINT: shutting down'));
  process.on('SIGTERM', () => void end(0, 'SIGTERM: shutting down'));
  const address = await processes.listening;
  console.log(
    startBanner({
      address,
      panel: config.panel,
      data,
      processes: environment.SERVER_PROCESSES,
      stopsDatabase: Boolean(pair?.startedServers),
    }),
  );
}
