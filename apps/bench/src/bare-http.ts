import type http from 'node:http';

/** The bench's bare servers (baseline, procedure) answer JSON with a length, as a framework would. */
export function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  });
  response.end(payload);
}

/** Listens where the bench says (PORT, HOST) and, told to stop, closes `release` (its pool) before exiting. */
export function serveUntilStopped(server: http.Server, release: () => Promise<unknown>): void {
  server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
  const shutDown = () => {
    server.close();
    release().finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutDown);
  process.on('SIGINT', shutDown);
}
