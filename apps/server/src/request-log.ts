import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * One line per request, written when the answer has gone: Fastify's default writes two
 * (received, completed), which doubles a busy log without saying more. Its other lines (errors
 * from the default error handler, a route not found) stay as they are.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    // the path only: a GET call's input (an email, a cart token) rides in the query string
    const path = request.url.split('?', 1)[0];
    const responseTimeMs = Math.round(reply.elapsedTime * 10) / 10;
    const line = `${request.method} ${path} ${reply.statusCode} ${responseTimeMs} ms`;
    const fields = { req: request, statusCode: reply.statusCode, responseTimeMs };
    if (error) request.log.error({ ...fields, err: error }, line);
    else request.log.info(fields, line);
  }
}
