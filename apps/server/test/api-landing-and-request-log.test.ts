import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('/trpc without a procedure', () => {
  it('shows a browser a short page that points at the panel and an example procedure', async () => {
    const response = await fetch(`${server.url}/trpc`, { headers: { accept: 'text/html,*/*' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('href="/panel"');
    expect(html).toContain('href="/trpc/catalog.categories"');
  });

  it('tells a program which address to call, as a 404', async () => {
    const response = await fetch(`${server.url}/trpc`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { message: 'Name a procedure: /trpc/<procedure>, e.g. /trpc/catalog.categories' },
    });
  });
});

describe('request log', () => {
  it('writes one line per request, with the path but not the input', async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { slug: 'secret-looking-slug' } }));
    const response = await fetch(`${server.url}/trpc/catalog.product?input=${input}`);
    expect(response.status).toBe(404);
    await expect.poll(() => requestLines()).toHaveLength(1);
    const [line] = requestLines();
    expect(line).toMatchObject({ statusCode: 404, req: { method: 'GET' } });
    expect(line?.responseTimeMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(line)).not.toContain('secret-looking-slug');
    // Fastify's own pair of lines per request stays off
    expect(server.logLines.some((raw) => raw.includes('incoming request'))).toBe(false);
  });
});

function requestLines(): { msg: string; statusCode: number; responseTimeMs: number }[] {
  return server.logLines
    .map((raw) => JSON.parse(raw))
    .filter((entry) => entry.msg?.startsWith('GET /trpc/catalog.product 404 '));
}
