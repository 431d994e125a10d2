import type { DatabaseOptions } from '@holdfast/db';
import pino, { type Logger } from 'pino';

/** One structured logger for requests, routing decisions and (at debug) every query with the server that ran it. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    // bearer tokens and cookies must never reach the logs
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
  });
}

/** Routes the routing layer's reports into the log: every query at debug, every fallback to the primary as a warning. */
export function databaseLogging(logger: Logger): DatabaseOptions {
  return {
    querySink: logger.isLevelEnabled('debug') ? (entry) => logger.debug(entry, 'query') : undefined,
    onFallback: (reason) => logger.warn({ reason }, 'catalog read fell back to the primary'),
  };
}
