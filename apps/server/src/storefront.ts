import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const defaultStorefrontDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * Serves the built storefront at /. Paths that are not files get index.html, so the
 * single-page app's own routes (/product/x, /cart) survive a reload.
 */
export async function registerStorefront(app: FastifyInstance, dir = defaultStorefrontDir): Promise<void> {
  if (!existsSync(`${dir}/index.html`)) {
    app.get('/', (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send('The storefront is not built. Run `npm run build -w @holdfast/web` (npm start does this).'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    // looked up per request, so a rebuilt storefront is served without a restart
    wildcard: true,
    setHeaders(response, filePath) {
      // Vite puts a content hash in every asset name: a changed file is a new URL
      if (filePath.includes(`${path.sep}assets${path.sep}`)) {
        response.header('cache-control', 'public, max-age=31536000, immutable');
      }
    },
  });
  app.setNotFoundHandler((request, reply) => {
    const isPageRequest =
      request.method === 'GET' &&
      !request.url.startsWith('/trpc') &&
      request.headers.accept?.includes('text/html');
    if (isPageRequest) return reply.sendFile('index.html');
    return reply.code(404).send({ error: 'Not Found' });
  });
}
