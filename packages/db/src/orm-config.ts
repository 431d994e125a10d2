import { fileURLToPath } from 'node:url';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig } from '@mikro-orm/postgresql';
import type { DatabaseTimeouts } from './config.ts';
import { DiscardingClient } from './discarding-client.ts';
import { entities } from './entities/index.ts';
import { type QueryLogSink, queryLoggerFactory } from './query-log.ts';
import { ReleasingPostgreSqlDriver } from './releasing-driver.ts';

export const migrationsPath = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OrmOptions {
  primaryUrl: string;
  /** With a replica, reads outside a transaction go to it; without one, everything runs on the primary. */
  replica?: { name: string; url: string };
  poolSize: number;
  /** The request path's bounds; none for migrations, seeding and operator checks, which may take minutes. */
  timeouts: DatabaseTimeouts | undefined;
  querySink?: QueryLogSink;
}

// the client's bound on an answer (DiscardingClient), past the server's: a live server times a
// statement out itself (and keeps the connection); only a frozen or cut-off one leaves the client
// to give up
const clientMarginMs = 500;

/**
 * How a replica session plans: each prepared statement once, blind to its values, instead of
 * PostgreSQL's default of choosing per execution. The replica serves the catalog's prepared
 * reads alone, and left to choose it planned a department page anew on every execution (the
 * generic plan's estimate looked dearer than the custom plans'): a third to a half of the
 * replica's CPU per page (docs/benchmarks.md, pass 17). The catalog's statements are written to
 * read only their page under a generic plan (search-bound.test.ts).
 */
export const replicaSessionSettings = { plan_cache_mode: 'force_generic_plan' } as const;

/** Session settings as a connection's startup `options`: sent once, when it opens. */
export function sessionOptions(settings: Record<string, string | number>): string {
  return Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');
}

/**
 * Connection options for one server. The session settings are sent once when a connection
 * opens, rather than a `set local` round trip in every transaction; `connectionTimeoutMillis`
 * bounds both the wait for a free pooled connection and the opening of a new one.
 */
function connectionOptions(timeouts: DatabaseTimeouts | undefined, server: 'primary' | 'replica') {
  const planning = server === 'replica' ? replicaSessionSettings : {};
  // with or without bounds: the client also reads a BEGIN or COMMIT sent with a statement (releasing-driver.ts)
  if (!timeouts) return { options: sessionOptions(planning), Client: DiscardingClient };
  const statementMs = server === 'primary' ? timeouts.primaryStatementMs : timeouts.replicaStatementMs;
  const settings = {
    ...planning,
    statement_timeout: statementMs,
    lock_timeout: timeouts.lockMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
  };
  return {
    options: sessionOptions(settings),
    connectionTimeoutMillis: timeouts.acquireMs,
    answerWithinMs: statementMs + clientMarginMs,
    Client: DiscardingClient,
  };
}

export function ormConfig({ primaryUrl, replica, poolSize, timeouts, querySink }: OrmOptions) {
  return defineConfig({
    // MikroORM's driver, except that a transaction whose connection died still returns it to the pool
    driver: ReleasingPostgreSqlDriver,
    clientUrl: primaryUrl,
    entities,
    pool: { min: 0, max: poolSize },
    driverOptions: connectionOptions(timeouts, 'primary'),
    replicas: replica
      ? [
          {
            name: replica.name,
            clientUrl: replica.url,
            pool: { min: 0, max: poolSize },
            driverOptions: connectionOptions(timeouts, 'replica'),
          },
        ]
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
