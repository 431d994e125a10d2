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
