import type pg from 'pg';
import { hotSkuStock } from './seed-bench-catalog.ts';

export interface IntegrityReport {
  /** Variants whose stock_on_hand differs from the sum of their ledger rows. */
  ledgerMismatches: number;
  negativeStock: number;
  orders: number;
  orderLines: number;
  /** Units the ledger says orders took (minus the sum of 'order' deltas). */
  unitsOrdered: number;
  /** Orders the API confirmed plus transactions pgbench committed. */
  ordersAcknowledged: number;
  hotSku: { stockOnHand: number; expected: number; unitsSold: number };
  ok: boolean;
}

/**
 * Zero oversell, checked on the primary after every checkout run: stock equals its ledger for
 * every variant, nothing is negative, every acknowledged order exists with one line, and the hot
 * SKU's stock went down by exactly the units its order lines hold.
 */
export async function checkIntegrity(
  primary: pg.Client,
  hotVariantId: number,
  ordersAcknowledged: number,
): Promise<IntegrityReport> {
  const count = async (sql: string, values: unknown[] = []) => {
    const { rows } = await primary.query<{ n: string | null }>(sql, values);
    return Number(rows[0]?.n ?? 0);
  };
  const ledgerMismatches = await count(
    `select count(*) as n from variant v
       left join (select variant_id, sum(delta) as total from stock_movement group by variant_id) m
         on m.variant_id = v.id
      where v.stock_on_hand <> coalesce(m.total, 0)`,
  );
  const negativeStock = await count('select count(*) as n from variant where stock_on_hand < 0');
  const orders = await count('select count(*) as n from orders');
  const orderLines = await count('select count(*) as n from order_line');
  const unitsOrdered = await count(`select -sum(delta) as n from stock_movement where reason = 'order'`);
  const lineUnits = await count('select sum(quantity) as n from order_line');
  const stockOnHand = await count('select stock_on_hand as n from variant where id = $1', [hotVariantId]);
  const unitsSold = await count('select sum(quantity) as n from order_line where variant_id = $1', [
    hotVariantId,
  ]);
  const hotSku = { stockOnHand, expected: hotSkuStock - unitsSold, unitsSold };
  return {
    ledgerMismatches,
    negativeStock,
    orders,
    orderLines,
    unitsOrdered,
    ordersAcknowledged,
    hotSku,
    ok:
      ledgerMismatches === 0 &&
      negativeStock === 0 &&
      orders === ordersAcknowledged &&
      // every bench order has exactly one line of one unit
      orderLines === orders &&
      lineUnits === unitsOrdered &&
      unitsOrdered === orders &&
      hotSku.stockOnHand === hotSku.expected,
  };
}
