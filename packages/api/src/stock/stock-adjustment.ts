import { type Database, primaryTransaction, StockMovement, Variant } from '@holdfast/db';
import type { AdjustStockInput } from '../admin/schemas.ts';
import { appError, insufficientStock } from '../errors.ts';
import { lockVariants } from './lock-variants.ts';

const int4Max = 2 ** 31 - 1;

export interface StockLevel {
  variantId: number;
  sku: string;
  stockOnHand: number;
}

/**
 * Adds or removes stock by hand, recorded in the ledger as an adjustment with the admin's note.
 * The variant's row lock (the one checkout takes) makes the check and the change one step, so
 * an adjustment racing checkouts can neither take stock below zero nor lose an update.
 */
export async function adjustStock(db: Database, input: AdjustStockInput): Promise<StockLevel> {
  return primaryTransaction(db, async (tx) => {
    const [locked] = await lockVariants(tx, [input.variantId]);
    if (!locked) throw appError('NOT_FOUND', 'No such variant');
    // read again as an entity to change it: locked, the row cannot move between the two reads
    const variant = await tx.findOneOrFail(Variant, locked.id, { refresh: true });
    const next = variant.stockOnHand + input.delta;
    if (next < 0) {
      throw insufficientStock([
        { sku: variant.sku, variantId: variant.id, requested: -input.delta, available: variant.stockOnHand },
      ]);
    }
    if (next > int4Max) throw appError('BAD_REQUEST', 'That would be more stock than can be counted');
    variant.stockOnHand = next;
    tx.create(StockMovement, { variant, delta: input.delta, reason: 'adjustment', note: input.note });
    await tx.flush();
    return { variantId: variant.id, sku: variant.sku, stockOnHand: variant.stockOnHand };
  });
}
