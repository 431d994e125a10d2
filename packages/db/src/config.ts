import { ConfigError } from './config-error.ts';
import { type Environment, readEnvironment } from './environment.ts';

/** The bounds every request-path connection carries; see the environment schema for what each one means. */
export interface DatabaseTimeouts {
  acquireMs: number;
  primaryStatementMs: number;
  replicaStatementMs: number;
  lockMs: number;
  idleInTransactionMs: number;
}

export interface DatabaseConfig {
  primaryUrl: string;
  replicaUrls: string[];
  /** Connections per pool (each server gets its own pool). */
  poolSize: number;
  /** Any bound left out keeps its default from the environment schema. */
  timeouts?: Partial<DatabaseTimeouts>;
}

/** The database part of the environment; DATABASE_URL is required here (the server and CLIs start the embedded pair before asking). */
export function databaseConfig(environment: Environment): DatabaseConfig {
  if (!environment.DATABASE_URL) throw new ConfigError('DATABASE_URL is not set');
  return {
    primaryUrl: environment.DATABASE_URL,
    replicaUrls: environment.DATABASE_REPLICA_URLS,
    poolSize: environment.DATABASE_POOL_SIZE,
    timeouts: databaseTimeouts(environment),
  };
}

export function databaseTimeouts(environment: Environment = readEnvironment({})): DatabaseTimeouts {
  return {
    acquireMs: environment.DATABASE_ACQUIRE_TIMEOUT_MS,
    primaryStatementMs: environment.PRIMARY_STATEMENT_TIMEOUT_MS,
    replicaStatementMs: environment.REPLICA_STATEMENT_TIMEOUT_MS,
    lockMs: environment.LOCK_TIMEOUT_MS,
    idleInTransactionMs: environment.IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}
