import type { Database } from '@holdfast/db';
import { ConfigError } from '@holdfast/db';
import type { Logger } from 'pino';

/**
 * Refuses to serve on a database that breaks the routing promises (a "primary" in recovery,
 * a "replica" that accepts writes). A replica that is merely down is not a configuration
 * error: reads skip it until it is back, and this only warns.
 */
export async function verifyDatabase(db: Database, logger: Logger): Promise<void> {
  await db.refreshHealth();
  if (!db.primaryUp) throw new ConfigError('the primary (DATABASE_URL) is unreachable');
  const inRecovery = await db
    .primaryEm()
    .getConnection('write')
    .execute<{ recovering: boolean }[]>('select pg_is_in_recovery() as recovering');
  if (inRecovery[0]?.recovering)
    throw new ConfigError('DATABASE_URL points at a server in recovery, not a primary');
  for (const status of db.replicaStatuses()) {
    if (status.error === 'not in recovery') {
      throw new ConfigError(`${status.name} (DATABASE_REPLICA_URLS) is not a replica: it is not in recovery`);
    }
    if (!status.up)
      logger.warn({ replica: status.name, error: status.error }, 'replica unreachable at startup');
  }
}

/**
 * Warns when the server processes' pools together may open more connections than the primary
 * takes: requests would then wait for connections PostgreSQL refuses, and fail after the acquire
 * timeout, under load only. A warning, not a refusal: pools rarely fill, and other clients share
 * the limit in ways this cannot see.
 */
export async function warnOnConnectionBudget(
  db: Database,
  logger: Logger,
  { processes, poolSize }: { processes: number; poolSize: number },
): Promise<void> {
  const [row] = await db
    .primaryEm()
    .getConnection('write')
    .execute<{ allowed: number }[]>(
      `select current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int as allowed`,
    );
  const wanted = processes * poolSize;
  if (row && wanted > row.allowed)
    logger.warn(
      { SERVER_PROCESSES: processes, DATABASE_POOL_SIZE: poolSize, wanted, allowed: row.allowed },
      'the server processes may open more connections to the primary than it allows: lower SERVER_PROCESSES or DATABASE_POOL_SIZE, or raise max_connections',
    );
}
