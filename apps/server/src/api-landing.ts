import type { FastifyInstance } from 'fastify';

const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Holdfast API</title></head>
<body>
<h1>Holdfast API</h1>
<p>This is the storefront's tRPC API. Each procedure has its own address:
<a href="/trpc/catalog.categories">/trpc/catalog.categories</a>, for example.</p>
<p>The <a href="/panel">tRPC panel</a> lists every procedure with its input and runs it from the
browser (served in development, and in production only when enabled).</p>
<p>The shop itself is at <a href="/">/</a>.</p>
</body>
</html>
`;

/**
 * `/trpc` names no procedure, so tRPC has nothing to answer; someone who opened it in a browser
 * is exploring, and gets pointed at the panel instead of a bare 404.
 */
export function registerApiLanding(app: FastifyInstance): void {
  app.get('/trpc', (request, reply) => {
    if (request.headers.accept?.includes('text/html'))
      return reply.type('text/html; charset=utf-8').send(page);
    return reply
      .code(404)
      .send({ error: { message: 'Name a procedure: /trpc/<procedure>, e.g. /trpc/catalog.categories' } });
  });
}
