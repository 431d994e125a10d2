import { currentProcedure } from '@holdfast/api';
import { type DatabaseOptions, redactSql } from '@holdfast/db';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { FallbackLog } from './fallback-log.ts';

// a GET call carries its input in the URL: passwords, emails and cart tokens must not reach the logs that way
const urlInput = /([?&]input=)[^&]*/g;

/** A database error's message quotes its SQL with the values inlined (emails, token and password hashes). */
function withoutSqlValues(value: unknown): unknown {
  if (typeof value === 'string') return redactSql(value);
  if (Array.isArray(value)) return value.map(withoutSqlValues);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withoutSqlValues(inner)]));
  }
  return value;
}

/**
 * Lines a person reads in a terminal; JSON wherever stdout is a file or a pipe (a container's log
 * collector, a test), where something parses them.
 */
function defaultDestination(): DestinationStream | undefined {
  if (!process.stdout.isTTY) return undefined;
  // a request's line already says method, path, status and time; its fields would add four more lines
  return pretty({
    colorize: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,reqId,req,statusCode,responseTimeMs',
  });
}

/** One structured logger for requests, routing decisions and (at debug) every query with the server that ran it. */
export function createLogger(level: string, destination = defaultDestination()): Logger {
  return pino(
    {
      level,
      // bearer tokens and cookies must never reach the logs
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      serializers: {
        err: (error: Error) => withoutSqlValues(pino.stdSerializers.err(error)),
        req: (request: { method: string; url: string; host?: string; ip?: string }) => ({
          method: request.method,
          url: request.url.replace(urlInput, '$1[redacted]'),
          host: request.host,
          remoteAddress: request.ip,
        }),
      },
    },
    destination,
  );
}

/**
 * Routes the routing layer's reports into the log: at debug every query, with the server that ran
 * it and the procedure it was for; fallbacks to the primary as warnings, counted per interval.
 */
export function databaseLogging(logger: Logger, fallbackLogIntervalMs?: number): DatabaseOptions {
  const fallbacks = new FallbackLog(logger, fallbackLogIntervalMs);
  return {
    querySink: logger.isLevelEnabled('debug')
      ? (entry) => logger.debug({ ...entry, procedure: currentProcedure() }, 'query')
      : undefined,
    onFallback: (reason, detail) => fallbacks.record(reason, detail),
  };
}
