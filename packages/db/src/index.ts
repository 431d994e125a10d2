export { type CheckoutLine, checkoutLineColumns } from './checkout-functions.ts';
export { withCommitPosition } from './commit-position.ts';
export { type DatabaseConfig, type DatabaseTimeouts, databaseConfig, databaseTimeouts } from './config.ts';
export { ConfigError } from './config-error.ts';
export { isConnectionLoss, isDatabaseTimeout, isRefusedInput } from './connection-loss.ts';
export { type ConsistencyFinding, type ConsistencyOptions, checkConsistency } from './consistency.ts';
export {
  Database,
  type DatabaseOptions,
  type EntityManager,
  type FallbackReason,
  type ReadOptions,
  type RoutedRead,
} from './database.ts';
export { importDevDependency } from './dev-dependency.ts';
export { developmentPairOptions, startDevelopmentPair } from './development-pair.ts';
export * from './entities/index.ts';
export { type Environment, environmentSchema, readEnvironment, variableDocs } from './environment.ts';
export { formatLsn, isLsn, parseLsn } from './lsn.ts';
export { metricsRegistry } from './metrics.ts';
export { applyMigrations } from './migrate.ts';
export { replicaSessionSettings, sessionOptions } from './orm-config.ts';
export { readPrepared } from './prepared-read.ts';
export { ContentionError, primaryTransaction, retryTransient } from './primary-transaction.ts';
export { type ArtworkView, artworkName, artworkViews, parseArtworkName } from './product-artwork.ts';
export { type QueryLogEntry, type QueryLogSink, redactSql } from './query-log.ts';
export type { ReplicaStatus } from './replica-health.ts';
export { type CatalogSeedOptions, type CatalogSeedResult, seedCatalog } from './seed/catalog.ts';
export { type CategoryPlan, demoCatalog } from './seed/demo-catalog.ts';
export { writeAtCommit } from './write-at-commit.ts';
