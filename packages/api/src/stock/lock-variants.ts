import { type EntityManager, readPrepared, Variant } from '@holdfast/db';
import { LockMode, raw } from '@mikro-orm/core';
import { stockLockWait } from '../metrics.ts';

/** A variant's row as its lock reads it: what a line is priced from, and the stock it may take. */
export interface LockedVariant {
  id: number;
  sku: string;
  name: string;
  priceCents: number;
  stockOnHand: number;
  /** Whether its product is still on sale. */
  on_sale: boolean;
}

// by a subquery: a join would lock the product rows too
const onSale = '(select p.active from product p where p.id = v.product_id)';

// Building the statement was a sixth of the server's JavaScript time per order in a profile
// (docs/benchmarks.md, pass 5), so it is built once per number of ids and kept; carts hold a
// few lines, and past this many the statement is built for the call rather than kept.
const keptStatements = new Map<number, string>();
const keptUpTo = 32;

function lockStatement(tx: EntityManager, count: number): string {
  const kept = keptStatements.get(count);
  if (kept) return kept;
  const withMarks = tx
    .createQueryBuilder(Variant, 'v')
    .select([
      'v.id',
      'v.sku',
      'v.name',
      'v.priceCents as priceCents',
      'v.stockOnHand as stockOnHand',
      raw(`${onSale} as on_sale`),
    ])
    // stand-ins for the ids: the statement keeps one placeholder per id
    .where({ id: { $in: Array.from({ length: count }, (_, index) => index + 1) } })
    .orderBy({ id: 'asc' })
    .setLockMode(LockMode.PESSIMISTIC_WRITE)
    .getQuery();
  // PostgreSQL's own placeholders where MikroORM writes ?, for a prepared statement
  let placeholders = 0;
  const sql = withMarks.replace(/\?/g, () => `$${++placeholders}`);
  if (placeholders !== count)
    throw new Error(`the lock statement has ${placeholders} placeholders for ${count} ids`);
  if (count <= keptUpTo) keptStatements.set(count, sql);
  return sql;
}

/**
 * Locks the variants' rows (`SELECT ... FOR UPDATE`) until the transaction ends: the one way
 * anything that reads stock or price to change it takes those rows. One statement in ascending
 * id order, so two transactions sharing variants (checkouts, restocks, adjustments, price
 * changes) queue rather than deadlock. Rows, not entities: checkout locks on every order, and
 * the entity API cost 0.9 ms of CPU here against 0.35 ms. A prepared statement, so each
 * connection plans it once: sent with its values written in, it was planned on every order, 0.14
 * to 0.17 ms of the primary's time in pg_stat_statements (docs/benchmarks.md, pass 7).
 */
export async function lockVariants(tx: EntityManager, ids: readonly number[]): Promise<LockedVariant[]> {
  const started = performance.now();
  const locked = await readPrepared<LockedVariant>(tx, lockStatement(tx, ids.length), [...ids]);
  stockLockWait.observe((performance.now() - started) / 1000);
  return locked;
}
