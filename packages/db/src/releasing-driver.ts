import type { Configuration } from '@mikro-orm/core';
import { PostgreSqlConnection, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { commitPositionSql, commitRecord } from './commit-position.ts';

// kysely's types, reached through MikroORM so this package does not import kysely itself
type Dialect = ReturnType<PostgreSqlConnection['createKyselyDialect']>;
type Driver = ReturnType<Dialect['createDriver']>;
type DatabaseConnection = Awaited<ReturnType<Driver['acquireConnection']>>;

/**
 * kysely 0.29 hands a controlled transaction's connection back to the pool only after a
 * successful begin, commit or rollback (kysely-org/kysely#1990). When the primary drops a
 * connection mid-transaction, the rollback fails too, the connection is never released, and
 * after `poolSize` such losses every later request waits for a connection forever.
 *
 * This driver releases the connection itself when begin, commit or rollback fails. Each
 * acquisition gets a handle of its own, so a transaction that gave its connection up cannot
 * roll back or release another request's transaction on the same (reused) pooled client.
 */
function releasingOnFailure(driver: Driver): Driver {
  const { savepoint, rollbackToSavepoint, releaseSavepoint } = driver;
  const inner = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const released = new WeakSet<DatabaseConnection>();
  const unwrap = (handle: DatabaseConnection): DatabaseConnection => inner.get(handle) ?? handle;
  const release = async (handle: DatabaseConnection) => {
    if (released.has(handle)) return;
    released.add(handle);
    await driver.releaseConnection(unwrap(handle));
  };
  const releasingIfItThrows = async (handle: DatabaseConnection, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      // a dead connection is dropped by the pool; a live one ended its transaction with the failed command
      await release(handle);
      throw error;
    }
  };

  return {
    init: (options) => driver.init(options),
    async acquireConnection(options) {
      const connection = await driver.acquireConnection(options);
      const handle: DatabaseConnection = {
        executeQuery(query, queryOptions) {
          if (released.has(handle))
            return Promise.reject(new Error('this transaction gave up its connection'));
          return connection.executeQuery(query, queryOptions);
        },
        streamQuery(query, chunkSize, queryOptions) {
          if (released.has(handle)) throw new Error('this transaction gave up its connection');
          return connection.streamQuery(query, chunkSize, queryOptions);
        },
        cancelQuery: connection.cancelQuery?.bind(connection),
        killSession: connection.killSession?.bind(connection),
        collectSessionInfo: connection.collectSessionInfo?.bind(connection),
      };
      inner.set(handle, connection);
      return handle;
    },
    beginTransaction: (handle, settings) =>
      releasingIfItThrows(handle, () => driver.beginTransaction(unwrap(handle), settings)),
    async commitTransaction(handle) {
      await releasingIfItThrows(handle, () => driver.commitTransaction(unwrap(handle)));
      const record = commitRecord();
      if (!record) return;
      const readAt = Date.now();
      const lsn = await positionOn(unwrap(handle));
      if (lsn) Object.assign(record, { lsn, readAt });
    },
    async rollbackTransaction(handle) {
      // after a failed commit there is nothing left to roll back, and the client may serve someone else now
      if (released.has(handle)) return;
      await releasingIfItThrows(handle, () => driver.rollbackTransaction(unwrap(handle)));
    },
    ...(savepoint && {
      savepoint: (handle, name, compile) => savepoint.call(driver, unwrap(handle), name, compile),
    }),
    ...(rollbackToSavepoint && {
      rollbackToSavepoint: (handle, name, compile) =>
        rollbackToSavepoint.call(driver, unwrap(handle), name, compile),
    }),
    ...(releaseSavepoint && {
      releaseSavepoint: (handle, name, compile) =>
        releaseSavepoint.call(driver, unwrap(handle), name, compile),
    }),
    releaseConnection: (handle) => release(handle),
    destroy: (options) => driver.destroy(options),
  };
}

/** The WAL position on a connection that just committed; undefined if it cannot be read (the write stands). */
async function positionOn(connection: DatabaseConnection): Promise<string | undefined> {
  // kysely's CompiledQuery.raw, built here so that this package does not import kysely itself
  const query = { sql: commitPositionSql, parameters: [], query: undefined } as unknown as Parameters<
    DatabaseConnection['executeQuery']
  >[0];
  try {
    const { rows } = await connection.executeQuery<{ lsn: string }>(query);
    return rows[0]?.lsn;
  } catch {
    return undefined;
  }
}

export class ReleasingPostgreSqlConnection extends PostgreSqlConnection {
  /**
   * A named prepared statement on this connection's pool, outside any transaction: each pooled
   * connection plans it once. Logged like every other query, with the server that ran it.
   */
  async queryPrepared<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const pool = await this.getNativeClient();
    return this.executeQuery(text, async () => (await pool.query({ name, text, values })).rows as T[]);
  }

  override createKyselyDialect(overrides: Parameters<PostgreSqlConnection['createKyselyDialect']>[0]) {
    const dialect = super.createKyselyDialect(overrides);
    const createDriver = dialect.createDriver.bind(dialect);
    dialect.createDriver = () => releasingOnFailure(createDriver());
    return dialect;
  }
}

/** MikroORM's PostgreSQL driver, on connections whose transactions always give their pooled client back. */
export class ReleasingPostgreSqlDriver extends PostgreSqlDriver {
  constructor(config: Configuration) {
    super(config);
    // the base class builds its connections in its constructor; replace them before any is opened
    const connections = this as unknown as {
      connection: PostgreSqlConnection;
      replicas: PostgreSqlConnection[];
    };
    connections.connection = new ReleasingPostgreSqlConnection(this.config);
    connections.replicas = this.createReplicas(
      (options) => new ReleasingPostgreSqlConnection(this.config, options, 'read'),
    );
  }
}
