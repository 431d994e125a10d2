import type { Configuration } from '@mikro-orm/core';
import { PostgreSqlConnection, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { commitRecord, positionSql } from './commit-position.ts';
import { takeWritesAtCommit } from './commit-queue.ts';

// kysely's types, reached through MikroORM so this package does not import kysely itself
type Dialect = ReturnType<PostgreSqlConnection['createKyselyDialect']>;
type Driver = ReturnType<Dialect['createDriver']>;
type DatabaseConnection = Awaited<ReturnType<Driver['acquireConnection']>>;
type Query = Parameters<DatabaseConnection['executeQuery']>[0];

/** What MikroORM holds as a transaction's context (kysely's transaction): what runs a query in it. */
export interface TransactionContext {
  executeQuery(query: Query): Promise<{ rows: unknown[] }>;
}

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
function releasingOnFailure(driver: Driver, convertError: (error: unknown) => unknown): Driver {
  const { savepoint, rollbackToSavepoint, releaseSavepoint } = driver;
  const inner = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const released = new WeakSet<DatabaseConnection>();
  // a transaction's BEGIN, not yet sent: it travels with the transaction's first statement
  const pendingBegin = new WeakMap<DatabaseConnection, string>();
  const unwrap = (handle: DatabaseConnection): DatabaseConnection => inner.get(handle) ?? handle;
  const release = async (handle: DatabaseConnection) => {
    if (released.has(handle)) return;
    released.add(handle);
    await driver.releaseConnection(unwrap(handle));
  };
  const releasingIfItThrows = async <T>(handle: DatabaseConnection, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
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
          const begin = pendingBegin.get(handle);
          if (begin === undefined) return connection.executeQuery(query, queryOptions);
          pendingBegin.delete(handle);
          // every round trip is a write and a read on both ends, and CPU the server spends per
          // request: a statement without parameters goes in the same simple query as the BEGIN
          // (MikroORM writes values into its SQL, so that is every statement it sends). Whatever
          // fails here, the ORM rolls back next, which releases a connection that died
          if (query.parameters.length === 0)
            return connection.executeQuery(withStatementBefore(begin, query), queryOptions);
          return connection
            .executeQuery(rawQuery(begin))
            .then(() => connection.executeQuery(query, queryOptions));
        },
        streamQuery(query, chunkSize, queryOptions) {
          if (released.has(handle)) throw new Error('this transaction gave up its connection');
          if (pendingBegin.has(handle)) throw new Error('a transaction cannot start with a streamed query');
          return connection.streamQuery(query, chunkSize, queryOptions);
        },
        cancelQuery: connection.cancelQuery?.bind(connection),
        killSession: connection.killSession?.bind(connection),
        collectSessionInfo: connection.collectSessionInfo?.bind(connection),
      };
      inner.set(handle, connection);
      return handle;
    },
    async beginTransaction(handle, settings) {
      // kysely's own words for these settings, captured rather than written out again here
      let begin = 'begin';
      const capture = {
        executeQuery: async (query: { sql: string }) => {
          begin = query.sql;
          return { rows: [] };
        },
      } as unknown as DatabaseConnection;
      await driver.beginTransaction(capture, settings);
      pendingBegin.set(handle, begin);
    },
    async commitTransaction(handle) {
      // nothing was sent: there is no transaction on the server to end
      if (pendingBegin.delete(handle)) return;
      const writes = takeWritesAtCommit();
      const record = commitRecord();
      if (writes.length === 0 && !record) {
        await releasingIfItThrows(handle, () => driver.commitTransaction(unwrap(handle)));
        return;
      }
      // the queued writes, the commit and the position read right after it: one round trip. A
      // failed write stops the rest, and its error is the commit's
      const statements = [...writes, 'commit', ...(record ? [positionSql] : [])];
      const readAt = Date.now();
      let rows: { lsn?: string }[];
      try {
        ({ rows } = await unwrap(handle).executeQuery<{ lsn?: string }>(rawQuery(statements.join('; '))));
      } catch (error) {
        // a write that failed left the transaction open and aborted: end it before the client goes back
        if (writes.length > 0)
          await unwrap(handle)
            .executeQuery(rawQuery('rollback'))
            .catch(() => undefined);
        await release(handle);
        throw convertError(error);
      }
      const lsn = rows[0]?.lsn;
      if (record && lsn) Object.assign(record, { lsn, readAt });
    },
    async rollbackTransaction(handle) {
      if (pendingBegin.delete(handle)) return;
      // after a failed commit there is nothing left to roll back, and the client may serve someone else now
      if (released.has(handle)) return;
      await releasingIfItThrows(handle, () => driver.rollbackTransaction(unwrap(handle)));
    },
    // through the handle, so a savepoint that comes first carries the pending BEGIN
    ...(savepoint && {
      savepoint: (handle, name, compile) => savepoint.call(driver, handle, name, compile),
    }),
    ...(rollbackToSavepoint && {
      rollbackToSavepoint: (handle, name, compile) => rollbackToSavepoint.call(driver, handle, name, compile),
    }),
    ...(releaseSavepoint && {
      releaseSavepoint: (handle, name, compile) => releaseSavepoint.call(driver, handle, name, compile),
    }),
    releaseConnection: (handle) => release(handle),
    destroy: (options) => driver.destroy(options),
  };
}

// kysely's CompiledQuery.raw, built here so that this package does not import kysely itself
function rawQuery(sql: string): Query {
  return { sql, parameters: [], query: undefined } as unknown as Query;
}

/** One simple query of two statements; the pg client answers with the last one's result (DiscardingClient). */
function withStatementBefore(statement: string, query: Query): Query {
  return { ...query, sql: `${statement}; ${query.sql}` };
}

export class ReleasingPostgreSqlConnection extends PostgreSqlConnection {
  /**
   * A named prepared statement (`name` from statementName): each connection plans it once. In
   * `transaction`, on the transaction's connection; otherwise on a connection of this one's pool.
   * Logged like every other query, with the server that ran it.
   */
  async queryPrepared<T>(
    name: string,
    text: string,
    values: unknown[],
    transaction?: TransactionContext,
  ): Promise<T[]> {
    if (transaction) {
      // kysely hands pg the text and values only: the client adds the name (DiscardingClient)
      const query = { sql: text, parameters: values, query: undefined, queryId: { queryId: name } };
      return this.executeQuery(
        text,
        async () => (await transaction.executeQuery(query as unknown as Query)).rows as T[],
      );
    }
    const pool = await this.getNativeClient();
    return this.executeQuery(text, async () => (await pool.query({ name, text, values })).rows as T[]);
  }

  /** Logs a statement queued to go with the commit (writeAtCommit) where the ORM would have logged it. */
  logQueued(sql: string): void {
    this.logQuery(sql);
  }

  override createKyselyDialect(overrides: Parameters<PostgreSqlConnection['createKyselyDialect']>[0]) {
    const dialect = super.createKyselyDialect(overrides);
    const createDriver = dialect.createDriver.bind(dialect);
    // what the ORM makes of a driver error, for the statements this driver sends itself: a
    // unique violation in a write sent with the commit is a UniqueConstraintViolationException
    const convertError = (error: unknown) =>
      error instanceof Error && typeof (error as { code?: unknown }).code === 'string'
        ? this.platform.getExceptionConverter().convertException(error)
        : error;
    dialect.createDriver = () => releasingOnFailure(createDriver(), convertError);
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
