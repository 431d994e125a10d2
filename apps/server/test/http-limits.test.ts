import net from 'node:net';
import { maxBatchSize } from '@holdfast/api/batch-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

const requestTimeoutMs = 1_000;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ requestTimeoutMs });
});
afterAll(() => server.close());

/**
 * Sends the start of a request over a raw socket, never the rest, and resolves with the status
 * line the server answers (or '' if it closes without one) and when.
 */
function partialRequest(head: string, bodyStart?: string): Promise<{ statusLine: string; afterMs: number }> {
  const { port } = new URL(server.url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () =>
      socket.write(bodyStart === undefined ? head : `${head}\r\n\r\n${bodyStart}`),
    );
    let received = '';
    const done = () => {
      socket.destroy();
      resolve({ statusLine: received.split('\r\n', 1)[0] ?? '', afterMs: performance.now() - started });
    };
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n\r\n')) done();
    });
    socket.on('end', done);
    socket.on('error', reject);
  });
}

function batchUrl(calls: number): string {
  const paths = Array.from({ length: calls }, () => 'catalog.categories').join(',');
  return `${server.url}/trpc/${paths}?batch=1`;
}

describe('HTTP limits', () => {
  it('refuses a 150 MB multipart upload with 415 before reading its body', async () => {
    const { statusLine, afterMs } = await partialRequest(
      [
        'POST /trpc/cart.create HTTP/1.1',
        'Host: localhost',
        'Content-Type: multipart/form-data; boundary=x',
        `Content-Length: ${150 * 1024 * 1024}`,
      ].join('\r\n'),
      '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\n',
    );
    expect(statusLine).toBe('HTTP/1.1 415 Unsupported Media Type');
    expect(afterMs).toBeLessThan(requestTimeoutMs);
  });

  it.each(['text/plain', 'application/octet-stream', 'application/x-www-form-urlencoded'])(
    'refuses a %s body with 415',
    async (type) => {
      const response = await fetch(`${server.url}/trpc/cart.create`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: '{}',
      });
      expect(response.status).toBe(415);
    },
  );

  it(`answers a batch of ${maxBatchSize} calls, and refuses one of ${maxBatchSize + 1} with 400`, async () => {
    expect((await fetch(batchUrl(maxBatchSize))).status).toBe(200);
    const refused = await fetch(batchUrl(maxBatchSize + 1));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Batch call exceeds maximum size');
  });

  it('the typed client splits a page of 45 queries into batches the server takes', async () => {
    const client = server.newClient();
    const answers = await Promise.all(Array.from({ length: 45 }, () => client.catalog.categories.query()));
    expect(answers).toHaveLength(45);
  });

  it('answers 408 to a client that stops sending its body, once the request timeout passes', async () => {
    const { statusLine, afterMs } = await partialRequest(
      [
        'POST /trpc/cart.create HTTP/1.1',
        'Host: localhost',
        'Content-Type: application/json',
        'Content-Length: 100',
      ].join('\r\n'),
      '{"json":',
    );
    expect(statusLine).toBe('HTTP/1.1 408 Request Timeout');
    expect(afterMs).toBeGreaterThanOrEqual(requestTimeoutMs - 50);
    expect(afterMs).toBeLessThan(requestTimeoutMs + 1_000);
  });

  it('answers 408 to a client that never finishes its headers', async () => {
    const { statusLine, afterMs } = await partialRequest(
      'POST /trpc/cart.create HTTP/1.1\r\nHost: localhost',
    );
    expect(statusLine).toBe('HTTP/1.1 408 Request Timeout');
    expect(afterMs).toBeLessThan(requestTimeoutMs + 1_500);
  });
});
