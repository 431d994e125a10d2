import {
  type EntityManager,
  type Order,
  OrderLine,
  StockMovement,
  type StockMovementReason,
  Variant,
} from '@holdfast/db';
import { lockVariants } from './lock-variants.ts';

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
  await lockVariants(tx, variantIds);
  // read again as entities to change them: locked, the rows cannot move between the two reads
  const variants = await tx.find(Variant, { id: { $in: variantIds } }, { refresh: true });
  const byId = new Map(variants.map((variant) => [variant.id, variant]));
  for (const line of lines) {
    const variant = byId.get(line.variant.id);
    if (!variant) throw new Error(`order line ${line.id} names a missing variant`);
    variant.stockOnHand += line.quantity;
    tx.create(StockMovement, { variant, delta: line.quantity, reason, order: line.order, note });
  }
}
