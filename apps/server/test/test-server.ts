import { randomBytes } from 'node:crypto';
import { configureAccounts, configurePayments, TestPaymentProvider } from '@holdfast/api';
import { createHoldfastClient, LsnToken } from '@holdfast/client';
import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import type { FastifyInstance } from 'fastify';
import { type AppOptions, buildApp } from '../src/app.ts';
import { createLogger, databaseLogging } from '../src/logger.ts';

export interface TestServer {
  t: TestDatabase;
  app: FastifyInstance;
  url: string;
  /** Every line the server logged, for asserting on what reaches the logs. */
  logLines: string[];
  /** A new client with a read-your-writes token of its own, as a separate browser would have; a session token makes it signed in. */
  newClient(sessionToken?: string): ReturnType<typeof createHoldfastClient>;
  close(): Promise<void>;
}

/**
 * The real HTTP server on a free port, over this file's own database on the real primary +
 * replica, logging at debug through the production logger setup (redaction included).
 */
export async function startTestServer(
  options: Pick<AppOptions, 'trustProxy' | 'paymentWebhookSecret' | 'requestTimeoutMs' | 'panel'> = {},
): Promise<TestServer> {
  const logLines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void logLines.push(line) });
  // fallback summaries every second, so a test can wait for one
  const t = await createTestDatabase(databaseLogging(logger, 1_000));
  // passwords hash at a test cost; the server itself never lowers it
  configureAccounts(t.db, { passwordCost: { logN: 10, r: 8, p: 1 } });
  configurePayments(t.db, { provider: new TestPaymentProvider() });
  const app = await buildApp({ db: t.db, logger, ...options });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    t,
    app,
    url: address,
    logLines,
    newClient: (sessionToken) =>
      createHoldfastClient({
        url: `${address}/trpc`,
        lsnToken: new LsnToken(),
        headers: (): Record<string, string> =>
          sessionToken ? { authorization: `Bearer ${sessionToken}` } : {},
      }),
    async close() {
      await app.close();
      await t.drop();
    },
  };
}

type HttpClient = ReturnType<TestServer['newClient']>;

/** Carts `quantity` of a variant and places the order over HTTP, as the storefront does; the emptied cart's token comes back too. */
export async function placeOrderOverHttp(
  client: HttpClient,
  variantId: number,
  quantity: number,
  email: string,
) {
  const { token } = await client.cart.create.mutate();
  const { totalCents } = await client.cart.setItem.mutate({ token, variantId, quantity });
  const order = await client.checkout.placeOrder.mutate({
    cartToken: token,
    email,
    expectedTotal: totalCents,
    idempotencyKey: `http-order-${randomBytes(6).toString('hex')}`,
  });
  return { order, cartToken: token };
}
