import { randomBytes, randomUUID } from 'node:crypto';
import { createHoldfastClient, isHoldfastError } from '@holdfast/client';
import type pg from 'pg';
import { OrderSender } from './order-sender.ts';
import { percentile } from './stats.ts';

export interface PooledCart {
  token: string;
  expectedTotal: number;
}

export interface Buyer {
  email: string;
  /** One fresh cart per order: placeOrder empties the cart it turns into an order. */
  carts: PooledCart[];
}

export interface CheckoutRunResult {
  ordersPerSec: number;
  /** Orders whose placeOrder completed inside the measured window. */
  ordersInWindow: number;
  /** Every order the API confirmed, in the window or after it (in flight at the deadline): for the oversell check. */
  ordersPlaced: number;
  windowS: number;
  /** A buyer ran out of carts before the deadline: the window was cut short there. */
  poolExhausted: boolean;
  latencyP50Ms: number;
  latencyP99Ms: number;
  failures: Record<string, number>;
}

export interface CartPoolRequest {
  apiUrl: string;
  buyers: number;
  cartsPerBuyer: number;
  pickVariant: () => number;
  prices: Map<number, number>;
}

const insertChunk = 5_000;

/**
 * Each buyer's first cart goes through the API (cart.create + cart.setItem), which proves that path
 * and that its total is the one we expect; the rest are the same rows (cart, one cart_item of
 * quantity 1) inserted in bulk, because making tens of thousands of carts over HTTP would take
 * longer than the runs that use them. Only placeOrder is timed either way.
 */
export async function prepareBuyers(
  primary: pg.Client,
  request: CartPoolRequest,
): Promise<{ buyers: Buyer[]; apiSeconds: number; sqlSeconds: number }> {
  const started = performance.now();
  const buyers: Buyer[] = [];
  for (let index = 0; index < request.buyers; index++) {
    const client = createHoldfastClient({ url: `${request.apiUrl}/trpc` });
    const variantId = request.pickVariant();
    const { token } = await client.cart.create.mutate();
    const cart = await client.cart.setItem.mutate({ token, variantId, quantity: 1 });
    if (cart.totalCents !== request.prices.get(variantId)) {
      throw new Error(`cart total ${cart.totalCents} is not variant ${variantId}'s price`);
    }
    buyers.push({
      email: `buyer${index}@bench.invalid`,
      carts: [{ token, expectedTotal: cart.totalCents }],
    });
  }

  const apiDone = performance.now();
  const rows: { buyer: Buyer; token: string; variantId: number }[] = [];
  for (const buyer of buyers) {
    for (let count = 1; count < request.cartsPerBuyer; count++) {
      rows.push({ buyer, token: randomBytes(24).toString('base64url'), variantId: request.pickVariant() });
    }
  }
  for (let start = 0; start < rows.length; start += insertChunk) {
    const chunk = rows.slice(start, start + insertChunk);
    const { rows: carts } = await primary.query<{ id: number; token: string }>(
      `insert into cart (token, created_at, updated_at)
       select token, now(), now() from unnest($1::text[]) as t(token) returning id, token`,
      [chunk.map((row) => row.token)],
    );
    // the foreign-key check of cart_item keeps the plan made when cart was small (a seq scan) until
    // statistics change: without this, later chunks took seconds each
    await primary.query('analyze cart');
    // matched in JS: joining the returned rows back to the input in SQL got a nested loop, seconds per chunk
    const cartIds = new Map(carts.map((cart) => [cart.token, cart.id]));
    await primary.query(
      `insert into cart_item (cart_id, variant_id, quantity)
       select cart_id, variant_id, 1 from unnest($1::int[], $2::int[]) as t(cart_id, variant_id)`,
      [chunk.map((row) => cartIds.get(row.token)), chunk.map((row) => row.variantId)],
    );
  }
  for (const row of rows) {
    row.buyer.carts.push({ token: row.token, expectedTotal: request.prices.get(row.variantId) ?? -1 });
  }
  return { buyers, apiSeconds: (apiDone - started) / 1000, sqlSeconds: (performance.now() - apiDone) / 1000 };
}

/** The error code and, where the API gives one, its reason: what a failure tally is keyed by. */
export function describeFailure(error: unknown): string {
  if (isHoldfastError(error)) {
    const details = error.data?.details as { reason?: string } | null | undefined;
    return `${error.data?.code ?? 'UNKNOWN'}${details?.reason ? `:${details.reason}` : ''}`;
  }
  return error instanceof Error ? error.message.slice(0, 120) : String(error);
}

/**
 * Every buyer places orders back to back, one cart each, until the deadline or until its carts
 * run out. Throughput counts the orders confirmed inside the window; the window ends early when
 * the first buyer runs dry, since from then on fewer buyers would be competing.
 */
export async function runCheckout(
  apiUrl: string,
  buyers: Buyer[],
  durationS: number,
): Promise<CheckoutRunResult> {
  const started = performance.now();
  const deadline = started + durationS * 1000;
  let firstExhausted = Number.POSITIVE_INFINITY;
  const completions: { at: number; latencyMs: number }[] = [];
  const failures: Record<string, number> = {};

  const count = (failure: string) => {
    failures[failure] = (failures[failure] ?? 0) + 1;
  };
  const sender = new OrderSender(apiUrl);
  try {
    await Promise.all(
      buyers.map(async (buyer) => {
        for (const cart of buyer.carts) {
          if (performance.now() >= deadline) return;
          const sent = performance.now();
          try {
            const outcome = await sender.place({
              cartToken: cart.token,
              email: buyer.email,
              expectedTotal: cart.expectedTotal,
              idempotencyKey: randomUUID(),
            });
            if (!outcome.ok) {
              count(outcome.failure);
              continue;
            }
            const at = performance.now();
            completions.push({ at, latencyMs: at - sent });
          } catch (error) {
            count(describeFailure(error));
          }
        }
        firstExhausted = Math.min(firstExhausted, performance.now());
      }),
    );
  } finally {
    sender.close();
  }

  const windowEnd = Math.min(deadline, firstExhausted);
  const inWindow = completions.filter((completion) => completion.at <= windowEnd);
  const windowS = (windowEnd - started) / 1000;
  const latencies = inWindow.map((completion) => completion.latencyMs);
  return {
    ordersPerSec: windowS > 0 ? inWindow.length / windowS : 0,
    ordersInWindow: inWindow.length,
    ordersPlaced: completions.length,
    windowS,
    poolExhausted: firstExhausted < deadline,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    failures,
  };
}
