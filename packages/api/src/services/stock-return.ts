import {
  type EntityManager,
  type Order,
  OrderLine,
  StockMovement,
  type StockMovementReason,
  Variant,
} from '@holdfast/db';
import { LockMode } from '@mikro-orm/core';

/**
 * Puts back the stock these orders took, one ledger entry per line. The caller holds the
 * orders' row locks and has just moved them out of a stock-holding status, so no order's
 * stock can come back twice.
 */
export async function returnStock(
  tx: EntityManager,
  orders: Order[],
  reason: StockMovementReason,
  note: string,
): Promise<void> {
  if (orders.length === 0) return;
  const lines = await tx.find(OrderLine, { order: { $in: orders } }, { orderBy: { id: 'asc' } });
  const variantIds = [...new Set(lines.map((line) => line.variant.id))];
  // one statement, ascending ids, as checkout locks them: a restock and a checkout sharing variants cannot deadlock
  const variants = await tx.find(
    Variant,
    { id: { $in: variantIds } },
    { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' }, refresh: true },
  );
  const byId = new Map(variants.map((variant) => [variant.id, variant]));
  for (const line of lines) {
    const variant = byId.get(line.variant.id);
    if (!variant) throw new Error(`order line ${line.id} names a missing variant`);
    variant.stockOnHand += line.quantity;
    tx.create(StockMovement, { variant, delta: line.quantity, reason, order: line.order, note });
  }
}
