import { type Database, type EntityManager, Order, Payment, primaryTransaction } from '@holdfast/db';
import { unsettledPaymentStatuses } from '../payments/payment-settlement.ts';
import { returnStock } from '../stock/stock-return.ts';

export interface ExpiryOptions {
  /** How long an order may wait for payment before its stock goes back. */
  holdMs: number;
  /** Orders per transaction: bounds how long one sweep holds variant rows. */
  batchSize?: number;
  /** The sweep's idea of the present; tests move it forward instead of waiting. */
  now?: Date;
}

export interface ExpiryResult {
  /** Numbers of the orders this call cancelled. */
  expired: string[];
}

/**
 * Cancels unpaid orders older than the hold and returns their stock, one transaction per
 * batch. Safe to run on several processes at once: due orders are locked with SKIP LOCKED,
 * so two sweepers take disjoint batches and nobody waits for anybody. An order whose payment
 * is still under its lease (a provider call or a customer confirmation under way) is left alone.
 */
export async function expireUnpaidOrders(
  db: Database,
  { holdMs, batchSize = 100, now = new Date() }: ExpiryOptions,
): Promise<ExpiryResult> {
  const cutoff = new Date(now.getTime() - holdMs);
  const expired: string[] = [];
  for (;;) {
    const batch = await primaryTransaction(db, (tx) => expireBatch(tx, cutoff, now, batchSize));
    expired.push(...batch.expired);
    if (batch.locked < batchSize) return { expired };
  }
}

async function expireBatch(tx: EntityManager, cutoff: Date, now: Date, batchSize: number) {
  const due = await tx.execute<{ id: number }[]>(
    `select o.id from orders o
      where o.status = 'awaiting_payment' and o.created_at < ?
        and not exists (
          select 1 from payment p
           where p.order_id = o.id and p.status in ('pending', 'authorized') and p.lease_expires_at > ?)
      order by o.id
      limit ?
      for update of o skip locked`,
    [cutoff, now, batchSize],
  );
  if (due.length === 0) return { locked: 0, expired: [] };
  const orders = await tx.find(Order, { id: { $in: due.map(({ id }) => id) } }, { orderBy: { id: 'asc' } });
  // read after the lock: a payment claimed between this transaction's first look and its lock shows up here
  const unsettled = await tx.find(Payment, {
    order: { $in: orders },
    status: { $in: [...unsettledPaymentStatuses] },
  });
  const busy = new Set(
    unsettled
      .filter((payment) => payment.leaseExpiresAt && payment.leaseExpiresAt > now)
      .map((payment) => payment.order.id),
  );
  for (const payment of unsettled) {
    if (busy.has(payment.order.id)) continue;
    // its request is gone; any money it took comes back through the webhook or admin.refund
    payment.status = 'failed';
    payment.failureCode = 'abandoned';
    payment.leaseExpiresAt = null;
  }
  const expiring = orders.filter((order) => !busy.has(order.id));
  for (const order of expiring) order.status = 'cancelled';
  await returnStock(tx, expiring, 'order_cancelled', 'expired unpaid');
  return { locked: due.length, expired: expiring.map((order) => order.number) };
}
