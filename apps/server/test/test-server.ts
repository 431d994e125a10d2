import { createHoldfastClient, LsnToken } from '@holdfast/client';
import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { databaseLogging } from '../src/logger.ts';

export interface TestServer {
  t: TestDatabase;
  app: FastifyInstance;
  url: string;
  /** Every line the server logged, for asserting on what reaches the logs. */
  logLines: string[];
  /** A new client with a read-your-writes token of its own, as a separate browser would have. */
  newClient(): ReturnType<typeof createHoldfastClient>;
  close(): Promise<void>;
}

/** The real HTTP server on a free port, over this file's own database on the real primary + replica. */
export async function startTestServer(): Promise<TestServer> {
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const t = await createTestDatabase(databaseLogging(logger));
  const app = await buildApp({ db: t.db, logger });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    t,
    app,
    url: address,
    logLines,
    newClient: () => createHoldfastClient({ url: `${address}/trpc`, lsnToken: new LsnToken() }),
    async close() {
      await app.close();
      await t.drop();
    },
  };
}
