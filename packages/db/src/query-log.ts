import type { LogContext, Logger, LoggerNamespace, LoggerOptions } from '@mikro-orm/core';

export interface QueryLogEntry {
  /** 'primary', or the replica's name ('replica-1', ...). */
  connection: string;
  sql: string;
  tookMs: number | undefined;
  failed: boolean;
}

export type QueryLogSink = (entry: QueryLogEntry) => void;

// ORM queries reach the logger with placeholders, but raw SQL can carry literal emails,
// hashes or tokens: quoted, escape-string (E'..\'..') and dollar-quoted strings all go.
const stringLiteral = /[Ee]?'(?:[^'\\]|\\.|'')*'|\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g;

export function redactSql(sql: string): string {
  return sql.replace(stringLiteral, "'…'");
}

/** A MikroORM logger that reports which server ran each query, with string values redacted. */
export function queryLoggerFactory(sink: QueryLogSink): (options: LoggerOptions) => Logger {
  return () => ({
    log(_namespace: LoggerNamespace, _message: string) {},
    error(_namespace: LoggerNamespace, _message: string) {},
    warn(_namespace: LoggerNamespace, _message: string) {},
    logQuery(context: { query: string } & LogContext) {
      sink({
        connection: context.connection?.type === 'read' ? (context.connection.name ?? 'replica') : 'primary',
        sql: redactSql(context.query),
        tookMs: context.took,
        failed: context.level === 'error',
      });
    },
    setDebugMode() {},
    isEnabled: (namespace: LoggerNamespace) => namespace === 'query',
  });
}
