import type { Database } from '@holdfast/db';
import { ConfigError } from './config.ts';

/** Refuses to serve on a database that cannot keep the routing promises. */
export async function verifyDatabase(db: Database): Promise<void> {
  await db.refreshHealth();
  if (!db.primaryUp) throw new ConfigError('the primary (DATABASE_URL) is unreachable');
  const inRecovery = await db
    .primaryEm()
    .getConnection('write')
    .execute<{ recovering: boolean }[]>('select pg_is_in_recovery() as recovering');
  if (inRecovery[0]?.recovering)
    throw new ConfigError('DATABASE_URL points at a server in recovery, not a primary');
  for (const status of db.replicaStatuses()) {
    if (!status.up)
      throw new ConfigError(
        `${status.name} (DATABASE_REPLICA_URLS) is not usable: ${status.error ?? 'down'}`,
      );
  }
}
