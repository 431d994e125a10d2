import { productImageVersion, productImageWidths } from '@holdfast/api';
import type { FastifyInstance } from 'fastify';
import { artworkSvg } from './artwork.ts';
import { RenderedImageCache } from './rendered-image-cache.ts';

const immutable = 'public, max-age=31536000, immutable';
// the least effort: a first request waits for the drawing, and on this artwork effort 1 took half
// the time of the default (76 against 169 ms at 1280 px) for files that stay small (15 KB against 10)
const webp = { quality: 82, effort: 1 };

// loaded on the first picture, not at start: libvips adds some 23 MB to the process, which a
// server that only answers the API (the bench's, one behind a CDN) never needs
let sharpModule: Promise<typeof import('sharp')> | undefined;
async function toWebp(svg: string): Promise<Buffer> {
  sharpModule ??= import('sharp');
  const { default: sharp } = await sharpModule;
  return sharp(Buffer.from(svg)).webp(webp).toBuffer();
}

/**
 * Product pictures at /images/<version>/<artwork>/<width>.webp. Drawn on first request and kept
 * in memory rather than stored: the seed names 1,087 distinct artworks however many
 * products share them (100,000 for the bench), so neither the database nor the disk holds
 * images, and seeding stays as fast as inserting a short name per picture. The version in the
 * URL lets browsers and proxies keep each response for a year.
 */
export function registerProductImages(
  app: FastifyInstance,
  cache = new RenderedImageCache(64 * 1024 * 1024),
): void {
  app.get<{ Params: { version: string; artwork: string; file: string } }>(
    '/images/:version/:artwork/:file',
    async (request, reply) => {
      const { version, artwork, file } = request.params;
      const width = widthOf(file);
      const svg = version === productImageVersion && width ? artworkSvg(artwork, width) : undefined;
      if (!svg || !width) return reply.code(404).send({ error: 'Not Found' });
      const image = await cache.get(`${artwork}/${width}`, () => toWebp(svg));
      return reply.type('image/webp').header('cache-control', immutable).send(image);
    },
  );
}

function widthOf(file: string): number | undefined {
  const width = Number(/^(\d{3,4})\.webp$/.exec(file)?.[1]);
  return (productImageWidths as readonly number[]).includes(width) ? width : undefined;
}
