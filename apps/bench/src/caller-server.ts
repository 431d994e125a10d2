/**
 * catalog.products as the API answers it, less its HTTP stack: the API's own procedure (its
 * middlewares, routing to the replica, validation, MikroORM, the prepared SQL) called through
 * tRPC's server-side caller, behind node's http module like the baseline's. The bench measures it
 * beside the API and the baseline, so the gap between the two splits into what Fastify and the
 * server's tRPC transport cost and what the procedure costs. Run as its own process by the bench:
 * `DATABASE_URL=... DATABASE_REPLICA_URLS=... PORT=... node src/caller-server.ts`.
 */
import http from 'node:http';
import { createCaller, createContext } from '@holdfast/api';
import { Database, databaseConfig, readEnvironment } from '@holdfast/db';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { sendJson, serveUntilStopped } from './bare-http.ts';

// the server's own settings (pool size, timeouts) from the same variables the bench gives it
const db = await Database.connect(databaseConfig(readEnvironment()));
// the replica counts as up only once checked: until then every read would go to the primary
await db.refreshHealth();

// what the caller's types ask for; the procedure's own schema checks what arrives
type ProductsInput = Parameters<ReturnType<typeof createCaller>['catalog']['products']>[0];

async function products(rawInput: string | null) {
  let input: unknown;
  try {
    // tRPC's GET form: the input superjson-encoded, which for plain JSON is { json }
    input = rawInput ? (JSON.parse(rawInput) as { json?: unknown }).json : undefined;
  } catch {
    throw new TRPCError({ code: 'PARSE_ERROR', message: 'input is not JSON' });
  }
  return createCaller(createContext(db)).catalog.products(input as ProductsInput);
}

const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  // with the routing counters (reads on the replica, fallbacks to the primary): the bench checks
  // that this server read where the API did
  if (url.pathname === '/healthz') return sendJson(response, 200, { ok: true, ...db.counters });
  if (url.pathname !== '/catalog.products' || request.method !== 'GET')
    return sendJson(response, 404, { error: 'not found' });
  products(url.searchParams.get('input')).then(
    (page) => sendJson(response, 200, { result: { data: { json: page } } }),
    (error: unknown) => {
      const status = error instanceof TRPCError ? getHTTPStatusCodeFromError(error) : 500;
      sendJson(response, status, { error: (error as Error).message });
    },
  );
});

serveUntilStopped(server, () => db.close());
