import { setTimeout as sleep } from 'node:timers/promises';
import { createHoldfastClient } from '@holdfast/client';
import { redactSql } from '@holdfast/db';
import { productsPath } from './catalog-load.ts';
import { type CatalogQuery, catalogSql } from './catalog-sql.ts';
import type { HttpChild } from './http-child.ts';

export interface LoggedQuery {
  connection: string;
  sql: string;
}

export interface CheckoutProfile {
  /** Every statement one placeOrder sent, in order, as the server logged it (string values redacted). */
  statements: LoggedQuery[];
  /** begin through commit, both included, as the ORM logs them (on the wire, BEGIN travels with the first and the writes with the COMMIT). */
  transactionStatements: number;
  /** From the cart's `for update` to the commit, both included: how long other checkouts of this cart wait. */
  whileCartLocked: number;
  /** From the variants' `for update` to the commit, both included: what every buyer of the SKU queues behind. */
  whileStockLocked: number;
  /** Statements of the request outside its transaction. */
  outsideTransaction: number;
}

export interface SqlDrift {
  kind: string;
  same: boolean;
  api: string;
  baseline: string;
}

const logFlushTimeoutMs = 3_000;

function loggedQueries(lines: string[]): LoggedQuery[] {
  const queries: LoggedQuery[] = [];
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; sql?: string; connection?: string };
    if (entry.msg === 'query' && entry.sql)
      queries.push({ connection: entry.connection ?? '?', sql: entry.sql });
  }
  return queries;
}

/** pino writes asynchronously: wait for the lines we know must come rather than for a fixed time. */
async function captureUntil(
  child: HttpChild,
  done: (queries: LoggedQuery[]) => boolean,
): Promise<LoggedQuery[]> {
  const deadline = Date.now() + logFlushTimeoutMs;
  for (;;) {
    const queries = loggedQueries(child.capturedLines());
    if (done(queries) || Date.now() > deadline) return queries;
    await sleep(20);
  }
}

const isCommit = (query: LoggedQuery) => query.sql === 'commit';

/** One placeOrder on a quiet server at LOG_LEVEL=debug, its statements counted. */
export async function profileOneCheckout(child: HttpChild, variantId: number): Promise<CheckoutProfile> {
  const client = createHoldfastClient({ url: `${child.origin}/trpc` });
  child.startCapture();
  const { token } = await client.cart.create.mutate();
  const cart = await client.cart.setItem.mutate({ token, variantId, quantity: 1 });
  // each of the three requests is one transaction: its commit closes its statements
  const setup = await captureUntil(child, (queries) => queries.filter(isCommit).length >= 2);
  await client.checkout.placeOrder.mutate({
    cartToken: token,
    email: 'profile@bench.invalid',
    expectedTotal: cart.totalCents,
    idempotencyKey: `profile-${token}`,
  });
  const all = await captureUntil(child, (queries) => queries.filter(isCommit).length >= 3);
  const statements = all.slice(setup.length);
  const indexOf = (test: (sql: string) => boolean) =>
    statements.findIndex((query) => test(query.sql.toLowerCase()));
  const begin = indexOf((sql) => sql === 'begin');
  const commit = indexOf((sql) => sql === 'commit');
  // the cart is locked inside the function that reads it (the checkout_functions migration); the
  // variants with it (checkout_lock_cart_and_variants) while nobody holds them, or by the statement
  // that selects from their table for update
  const cartLock = indexOf((sql) => /checkout_lock_cart(_and_variants)?\(/.test(sql));
  const stockLock = indexOf(
    (sql) =>
      sql.includes('checkout_lock_cart_and_variants(') ||
      (/\bfrom "?variant"?\s/.test(sql) && sql.includes('for update')),
  );
  const span = (from: number) => (from >= 0 && commit >= from ? commit - from + 1 : Number.NaN);
  return {
    statements,
    transactionStatements: span(begin),
    whileCartLocked: span(cartLock),
    whileStockLocked: span(stockLock),
    outsideTransaction: begin >= 0 && commit >= 0 ? statements.length - (commit - begin + 1) : Number.NaN,
  };
}

/** Asks the API for each kind of page and compares the SQL it logged with the baseline's. */
export async function checkSqlDrift(
  child: HttpChild,
  queries: Record<string, CatalogQuery>,
): Promise<SqlDrift[]> {
  const drift: SqlDrift[] = [];
  for (const [kind, query] of Object.entries(queries)) {
    child.startCapture();
    const { limit: _limit, ...input } = query;
    const response = await fetch(child.origin + productsPath('/trpc', input));
    await response.arrayBuffer();
    const logged = await captureUntil(child, (found) =>
      found.some((entry) => entry.sql.includes('"product"')),
    );
    const api = logged.find((entry) => entry.sql.includes('"product"'))?.sql ?? '(not logged)';
    const baseline = redactSql(catalogSql(query).text);
    drift.push({ kind, same: api === baseline, api, baseline });
  }
  return drift;
}
