import type { EntityManager } from '@mikro-orm/postgresql';

export interface ConsistencyFinding {
  check: 'stock_differs_from_ledger' | 'negative_stock' | 'paid_without_capture' | 'held_past_hold';
  /** The row at fault, in words an operator can look up. */
  subject: string;
  detail: string;
}

export interface ConsistencyOptions {
  /** ORDER_HOLD_MINUTES in ms: how long an unpaid order may keep its stock. */
  holdMs: number;
  /** How late the sweeper may be on top of the hold (ORDER_SWEEP_INTERVAL_MS, say). */
  graceMs: number;
  now?: Date;
}

interface Check {
  check: ConsistencyFinding['check'];
  sql: string;
  params?: (options: Required<ConsistencyOptions>) => unknown[];
  describe: (row: Record<string, unknown>) => Omit<ConsistencyFinding, 'check'>;
}

const checks: Check[] = [
  {
    check: 'stock_differs_from_ledger',
    sql: `select v.sku, v.stock_on_hand as stock, coalesce(sum(m.delta), 0)::int as ledger
            from variant v left join stock_movement m on m.variant_id = v.id
           group by v.id having v.stock_on_hand <> coalesce(sum(m.delta), 0) order by v.id`,
    describe: (row) => ({
      subject: `variant ${row.sku}`,
      detail: `stock on hand ${row.stock}, ledger sums to ${row.ledger}`,
    }),
  },
  {
    check: 'negative_stock',
    sql: 'select sku, stock_on_hand as stock from variant where stock_on_hand < 0 order by id',
    describe: (row) => ({ subject: `variant ${row.sku}`, detail: `stock on hand ${row.stock}` }),
  },
  {
    check: 'paid_without_capture',
    sql: `select o.number, o.status from orders o
           where o.status in ('paid', 'fulfilled')
             and not exists (select 1 from payment p where p.order_id = o.id and p.status = 'captured')
           order by o.id`,
    describe: (row) => ({ subject: `order ${row.number}`, detail: `${row.status} with no captured payment` }),
  },
  {
    // an attempt under its lease keeps its order, as the sweeper does (services/order-expiry.ts)
    check: 'held_past_hold',
    sql: `select o.number, o.created_at::text as placed from orders o
           where o.status = 'awaiting_payment' and o.created_at < ?
             and not exists (select 1 from payment p where p.order_id = o.id
                              and p.status in ('pending', 'authorized') and p.lease_expires_at > ?)
           order by o.id`,
    params: ({ holdMs, graceMs, now }) => [new Date(now.getTime() - holdMs - graceMs), now],
    describe: (row) => ({
      subject: `order ${row.number}`,
      detail: `awaiting payment since ${row.placed}, past the hold, still holding its stock`,
    }),
  },
];

/**
 * The invariants no fault may break, checked on the primary: each variant's stock equals the
 * sum of its ledger and is not negative, every paid order has a captured payment, and no unpaid
 * order keeps its stock past the hold (plus the sweeper's grace). Returns what is off; empty
 * when all is well. Full scans: run it with no statement timeout (Database.withoutTimeouts).
 */
export async function checkConsistency(
  em: EntityManager,
  options: ConsistencyOptions,
): Promise<ConsistencyFinding[]> {
  const complete = { now: new Date(), ...options };
  const findings: ConsistencyFinding[] = [];
  for (const { check, sql, params, describe } of checks) {
    const rows = await em
      .getConnection('write')
      .execute<Record<string, unknown>[]>(sql, params?.(complete) ?? []);
    findings.push(...rows.map((row) => ({ check, ...describe(row) })));
  }
  return findings;
}
