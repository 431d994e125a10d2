import type { FastifyInstance } from 'fastify';

/**
 * Answers 408 and closes the connection when a request's body has not fully arrived
 * `timeoutMs` after it started. Node's own requestTimeout stops counting once the headers are
 * in, so without this a client that sends its body slowly, or never, holds a socket and a
 * parser buffer for as long as it likes.
 */
export function limitBodyTime(app: FastifyInstance, timeoutMs: number): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (request.raw.complete) {
      done();
      return;
    }
    const timer = setTimeout(() => {
      if (request.raw.complete || reply.raw.headersSent) return;
      request.log.info({ timeoutMs }, 'request body too slow: answered 408');
      reply.raw.writeHead(408, { 'content-type': 'application/json', connection: 'close' });
      reply.raw.end(
        JSON.stringify({
          error: 'Request Timeout',
          message: `The request body took longer than ${timeoutMs} ms`,
        }),
      );
      // the half-read body is abandoned with its socket
      request.raw.socket.destroySoon();
    }, timeoutMs);
    reply.raw.once('close', () => clearTimeout(timer));
    done();
  });
}
