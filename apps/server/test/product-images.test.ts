import { productImage } from '@holdfast/api';
import { artworkName, artworkViews, demoCatalog } from '@holdfast/db';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artworkSvg } from '../src/product-images/artwork.ts';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const yearLong = 'public, max-age=31536000, immutable';

describe('product images', () => {
  it('serves every size the API offers as WebP, 4:5, cacheable for a year', async () => {
    const image = productImage({ artwork: 'dining-chair.walnut.front', alt: '', width: 1280, height: 1600 });
    const urls = image.srcSet.split(', ').map((candidate) => candidate.split(' ')[0] as string);
    expect(urls).toHaveLength(3);
    for (const url of urls) {
      const response = await server.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toBe('image/webp');
      expect(response.headers['cache-control']).toBe(yearLong);
      const { format, width, height } = await sharp(response.rawPayload).metadata();
      const expectedWidth = Number(/\/(\d+)\.webp$/.exec(url)?.[1]);
      expect({ format, width, height }).toEqual({
        format: 'webp',
        width: expectedWidth,
        height: expectedWidth * 1.25,
      });
    }
  });

  it('answers the same picture again from memory, byte for byte', async () => {
    const url = '/images/v1/mug.sage.backdrop/320.webp';
    const first = await server.app.inject({ method: 'GET', url });
    const again = await server.app.inject({ method: 'GET', url });
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
  });

  it('404 for an unknown item, colour, view, size or version, and nothing is cached for a year', async () => {
    for (const url of [
      '/images/v1/spaceship.walnut.front/640.webp',
      '/images/v1/dining-chair.tartan.front/640.webp',
      '/images/v1/dining-chair.walnut.underneath/640.webp',
      '/images/v1/dining-chair.walnut.front/641.webp',
      '/images/v1/dining-chair.walnut.front/640.png',
      '/images/v0/dining-chair.walnut.front/640.webp',
      '/images/v1/dining-chair.walnut/640.webp',
    ]) {
      const response = await server.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['cache-control'], url).not.toBe(yearLong);
    }
  });

  it('a path that climbs out of /images reads no file', async () => {
    // an encoded slash stays inside one segment, which must then name an artwork or a size
    for (const url of [
      '/images/v1/..%2F..%2F..%2F..%2Fpackage.json/640.webp',
      '/images/v1/dining-chair.walnut.front/..%2F..%2F..%2Fpackage.json',
      '/images/..%2F..%2Fsrc%2Fmain.ts/x/640.webp',
    ]) {
      const response = await server.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
    }
    // dot segments are resolved by the router before any route sees them: these leave /images altogether
    for (const url of ['/images/v1/%2e%2e/%2e%2e/%2e%2e/package.json', '/images/v1/../../../../etc/passwd']) {
      const response = await server.app.inject({ method: 'GET', url });
      expect(response.headers['content-type'], url).not.toBe('image/webp');
      expect(response.body, url).not.toMatch(/root:|"name"/);
    }
  });

  it('has a picture for every item the demo catalog sells, in every one of its colours, from every side', () => {
    const missing = demoCatalog.flatMap((plan) =>
      plan.items.flatMap((item) =>
        plan.colours.flatMap((colour) =>
          artworkViews
            .map((view) => artworkName({ item, colour, view }))
            .filter((name) => artworkSvg(name, 320) === undefined),
        ),
      ),
    );
    expect(missing).toEqual([]);
  });
});
