import { type Database, type EntityManager, Order, Payment, primaryTransaction } from '@holdfast/db';
import { LockMode } from '@mikro-orm/core';
import { appError, paymentInProgress } from '../errors.ts';
import { unsettledPaymentStatuses } from '../payments/payment-settlement.ts';
import { returnStock } from '../stock/stock-return.ts';
import { canSeeOrder, findOrderWithLines, type OrderView, orderView } from './orders.ts';
import type { CancelOrderInput } from './schemas.ts';

/**
 * Cancels an order that is still waiting for payment and gives its stock back. Cancelling a
 * cancelled order again answers with it; a paid one must be refunded instead.
 */
export function cancelUnpaidOrder(
  db: Database,
  { number, email }: CancelOrderInput,
  customerId: number | null = null,
): Promise<OrderView> {
  return primaryTransaction(db, async (tx) => {
    const order = await tx.findOne(Order, { number, email }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!order || !canSeeOrder(order, customerId))
      throw appError('NOT_FOUND', 'No order with that number and email');
    if (order.status === 'awaiting_payment') {
      await closeUnpaidOrder(tx, order, new Date(), 'cancelled by the customer');
    } else if (order.status !== 'cancelled') {
      throw appError('CONFLICT', `This order is ${order.status.replace('_', ' ')} and cannot be cancelled`, {
        reason: 'ORDER_NOT_CANCELLABLE',
        status: order.status,
      });
    }
    await tx.flush();
    const withLines = await findOrderWithLines(tx, { id: order.id });
    if (!withLines) throw new Error(`order ${order.id} vanished inside its own transaction`);
    return orderView(withLines);
  });
}

/**
 * Cancels a locked, unpaid order and returns its stock. A payment attempt whose lease has run
 * out is given up ('failed', 'abandoned'): the request that owned it is gone. One still under
 * its lease refuses the cancellation, since its provider call may be taking the money now.
 */
async function closeUnpaidOrder(tx: EntityManager, order: Order, now: Date, note: string): Promise<void> {
  const unsettled = await tx.find(Payment, { order, status: { $in: [...unsettledPaymentStatuses] } });
  const leases = unsettled.flatMap(({ leaseExpiresAt }) =>
    leaseExpiresAt && leaseExpiresAt > now ? [leaseExpiresAt] : [],
  );
  if (leases.length > 0) throw paymentInProgress(new Date(Math.max(...leases.map(Number))), now);
  for (const payment of unsettled) {
    payment.status = 'failed';
    payment.failureCode = 'abandoned';
    payment.leaseExpiresAt = null;
  }
  order.status = 'cancelled';
  await returnStock(tx, [order], 'order_cancelled', note);
}
