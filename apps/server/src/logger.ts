import pino, { type Logger } from 'pino';

/** One structured logger for requests, routing decisions and (at debug) every query with the server that ran it. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    // bearer tokens and cookies must never reach the logs
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
  });
}
