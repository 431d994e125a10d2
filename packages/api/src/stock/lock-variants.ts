import { type EntityManager, Variant } from '@holdfast/db';
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

/**
 * Locks the variants' rows (`SELECT ... FOR UPDATE`) until the transaction ends: the one way
 * anything that reads stock or price to change it takes those rows. One statement in ascending
 * id order, so two transactions sharing variants (checkouts, restocks, adjustments, price
 * changes) queue rather than deadlock. A QueryBuilder returning rows, not entities: checkout
 * locks on every order, and the entity API cost 0.9 ms of CPU here against 0.35 ms.
 */
export async function lockVariants(tx: EntityManager, ids: readonly number[]): Promise<LockedVariant[]> {
  const started = performance.now();
  const locked: LockedVariant[] = await tx
    .createQueryBuilder(Variant, 'v')
    .select(['v.id', 'v.sku', 'v.name', 'v.priceCents', 'v.stockOnHand', raw(`${onSale} as on_sale`)])
    .where({ id: { $in: [...ids] } })
    .orderBy({ id: 'asc' })
    .setLockMode(LockMode.PESSIMISTIC_WRITE)
    .execute('all');
  stockLockWait.observe((performance.now() - started) / 1000);
  return locked;
}
