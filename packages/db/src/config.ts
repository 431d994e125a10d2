import { ConfigError } from './config-error.ts';
import type { Environment } from './environment.ts';

export interface DatabaseConfig {
  primaryUrl: string;
  replicaUrls: string[];
  /** Connections per pool (each server gets its own pool). */
  poolSize: number;
}

/** The database part of the environment; DATABASE_URL is required here (the server and CLIs start the embedded pair before asking). */
export function databaseConfig(environment: Environment): DatabaseConfig {
  if (!environment.DATABASE_URL) throw new ConfigError('DATABASE_URL is not set');
  return {
    primaryUrl: environment.DATABASE_URL,
    replicaUrls: environment.DATABASE_REPLICA_URLS,
    poolSize: environment.DATABASE_POOL_SIZE,
  };
}
