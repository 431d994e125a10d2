import type { FastifyInstance } from 'fastify';

/**
 * One line per request, written when the answer has gone: Fastify's own logging writes two
 * (received, completed), which doubles a busy log without saying more.
 */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    // the path only: a GET call's input (an email, a cart token) rides in the query string
    const path = request.url.split('?', 1)[0];
    const responseTimeMs = Math.round(reply.elapsedTime * 10) / 10;
    request.log.info(
      { req: request, statusCode: reply.statusCode, responseTimeMs },
      `${request.method} ${path} ${reply.statusCode} ${responseTimeMs} ms`,
    );
  });
}
