import { setTimeout as pause } from 'node:timers/promises';
import { createHoldfastClient, type HoldfastClient, isHoldfastError } from '@holdfast/client';

/** Where the server is now: a restarted server listens on another port, and clients follow it. */
export class ServerAddress {
  current: string;
  constructor(url: string) {
    this.current = url;
  }

  /** A client of its own (its own read-your-writes token) that always talks to the current server. */
  newClient(): HoldfastClient {
    const placeholder = 'http://server.invalid';
    return createHoldfastClient({
      url: `${placeholder}/trpc`,
      fetch: (input, init) => fetch(String(input).replace(placeholder, this.current), init),
    });
  }
}

/** Whether the answer says to send the same request again: the database or the server was unavailable. */
export function isRetryable(error: unknown): boolean {
  if (!isHoldfastError(error)) return false;
  // no data: no HTTP answer at all (the server died or restarts)
  return error.data === undefined || error.data?.code === 'SERVICE_UNAVAILABLE';
}

export function detailsOf(error: unknown): { reason?: string; retryAfterSeconds?: number } | undefined {
  return isHoldfastError(error) ? (error.data?.details as { reason?: string } | undefined) : undefined;
}

export interface Answered<T> {
  value?: T;
  error?: unknown;
  attempts: number;
}

/**
 * Sends `call` until it gets an answer that is not "try again" (or `deadlineMs` passes), as a
 * client with an idempotency key may: the order or payment is made at most once.
 */
export async function untilAnswered<T>(call: () => Promise<T>, deadlineMs = 30_000): Promise<Answered<T>> {
  const deadline = performance.now() + deadlineMs;
  for (let attempts = 1; ; attempts++) {
    try {
      return { value: await call(), attempts };
    } catch (error) {
      if (!isRetryable(error) || performance.now() > deadline) return { error, attempts };
      await pause(100 + Math.random() * 100);
    }
  }
}

export interface Buyer {
  client: HoldfastClient;
  token: string;
  email: string;
  orderKey: string;
  payKey: string;
  totalCents: number;
}

let buyerCount = 0;

/** The answer of `call`, sent again while the server says to; throws any other refusal. */
async function answer<T>(call: () => Promise<T>): Promise<T> {
  const { value, error } = await untilAnswered(call);
  if (error !== undefined) throw error;
  return value as T;
}

/** A buyer whose cart holds `quantity` of the variant (set up as a client would, retrying while the server is busy). */
export async function buyerOf(address: ServerAddress, variantId: number, quantity = 1): Promise<Buyer> {
  const client = address.newClient();
  const { token } = await answer(() => client.cart.create.mutate());
  const { totalCents } = await answer(() => client.cart.setItem.mutate({ token, variantId, quantity }));
  const id = `${process.pid}-${buyerCount++}`;
  return {
    client,
    token,
    email: `fault-${id}@example.com`,
    orderKey: `order-${id}`,
    payKey: `pay-${id}`,
    totalCents,
  };
}

export function placeOrder(buyer: Buyer) {
  return buyer.client.checkout.placeOrder.mutate({
    cartToken: buyer.token,
    email: buyer.email,
    expectedTotal: buyer.totalCents,
    idempotencyKey: buyer.orderKey,
  });
}

export interface ReadLoad {
  reads: number;
  failures: unknown[];
  maxMs: number;
}

/** `concurrency` clients reading the catalog back to back until `stop` is called. */
export function readCatalog(
  address: ServerAddress,
  read: (client: HoldfastClient) => Promise<unknown>,
  concurrency = 6,
) {
  const load: ReadLoad = { reads: 0, failures: [], maxMs: 0 };
  let running = true;
  const readers = Array.from({ length: concurrency }, async () => {
    const client = address.newClient();
    while (running) {
      const started = performance.now();
      try {
        await read(client);
      } catch (error) {
        load.failures.push(error);
      }
      load.reads++;
      load.maxMs = Math.max(load.maxMs, performance.now() - started);
    }
  });
  return {
    async stop(): Promise<ReadLoad> {
      running = false;
      await Promise.all(readers);
      return load;
    },
  };
}

export function round(ms: number): number {
  return Math.round(ms);
}
