import { fileURLToPath } from 'node:url';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig } from '@mikro-orm/postgresql';
import { entities } from './entities/index.ts';
import { type QueryLogSink, queryLoggerFactory } from './query-log.ts';
import { ReleasingPostgreSqlDriver } from './releasing-driver.ts';

export const migrationsPath = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OrmOptions {
  primaryUrl: string;
  /** With a replica, reads outside a transaction go to it; without one, everything runs on the primary. */
  replica?: { name: string; url: string };
  poolSize: number;
  /** How long any statement on these connections waits for a lock before it fails (SQLSTATE 55P03). */
  lockTimeoutMs?: number;
  querySink?: QueryLogSink;
}

// a stuck lock holder must cost a caller a retry, not a hung request
const defaultLockTimeoutMs = 5_000;

export function ormConfig({
  primaryUrl,
  replica,
  poolSize,
  lockTimeoutMs = defaultLockTimeoutMs,
  querySink,
}: OrmOptions) {
  return defineConfig({
    // MikroORM's driver, except that a transaction whose connection died still returns it to the pool
    driver: ReleasingPostgreSqlDriver,
    clientUrl: primaryUrl,
    entities,
    pool: { min: 0, max: poolSize },
    // set once when a connection opens, rather than a `set local` round trip in every transaction
    driverOptions: { options: `-c lock_timeout=${lockTimeoutMs}` },
    replicas: replica
      ? [{ name: replica.name, clientUrl: replica.url, pool: { min: 0, max: poolSize } }]
      : [],
    preferReadReplicas: true,
    extensions: [Migrator],
    migrations: {
      path: migrationsPath,
      pathTs: migrationsPath,
      glob: '!(*.d).{js,ts}',
      transactional: true,
      // applying migrations otherwise writes .snapshot-<database>.json into src/ for every database
      // migrated (each test database, the server's); only migration:create should touch the snapshot
      snapshotOnMigrate: false,
      // MikroORM's own lines (coloured, two per migration) would bypass the server's log; callers
      // report the names applyMigrations returns instead
      silent: true,
    },
    debug: querySink ? ['query'] : false,
    loggerFactory: querySink ? queryLoggerFactory(querySink) : undefined,
    // entities are plain data here; identity-map copies per request are cheap and safe
    allowGlobalContext: false,
  });
}
