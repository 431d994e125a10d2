import { ConfigError, type DatabaseConfig, databaseConfigFromEnv } from '@holdfast/db';

export interface ServerConfig {
  port: number;
  host: string;
  logLevel: string;
  /** With no DATABASE_URL, the server starts its own primary + replica in .holdfast/. */
  embeddedDatabase: boolean;
  seedDemoCatalog: boolean;
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function serverConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError('PORT must be an integer 0-65535');
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!logLevels.includes(logLevel))
    throw new ConfigError(`LOG_LEVEL must be one of ${logLevels.join(', ')}`);
  const embeddedDatabase = !env.DATABASE_URL;
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    logLevel,
    embeddedDatabase,
    seedDemoCatalog: env.SEED_DEMO_CATALOG ? env.SEED_DEMO_CATALOG === 'true' : embeddedDatabase,
  };
}

export { ConfigError, type DatabaseConfig, databaseConfigFromEnv };
