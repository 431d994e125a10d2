import { type Database, Order, Payment, primaryTransaction } from '@holdfast/db';
import { LockMode } from '@mikro-orm/core';
import { appError } from '../errors.ts';
import { findOrderWithLines, type OrderView, orderView } from '../orders/orders.ts';
import { returnStock } from '../stock/stock-return.ts';
import { recordRefundIn, refundThroughProvider } from './payment-settlement.ts';
import type { PaymentProvider } from './provider.ts';

export interface RefundOptions {
  callTimeoutMs?: number;
}

/**
 * Refunds a paid order in full: the provider returns the money (outside any transaction),
 * then one transaction marks the payment refunded, cancels the order and returns its stock.
 * Safe to repeat and to run twice at once: the provider refund's key is derived from the
 * payment's, and only the first recording finds the order still paid.
 */
export async function refundOrder(
  db: Database,
  provider: PaymentProvider,
  orderNumber: string,
  { callTimeoutMs = 10_000 }: RefundOptions = {},
): Promise<OrderView> {
  const captured = await primaryTransaction(db, async (tx) => {
    const order = await tx.findOne(Order, { number: orderNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!order) throw appError('NOT_FOUND', 'No order with that number');
    const payment = await tx.findOne(Payment, { order, status: { $in: ['captured', 'refunded'] } });
    const refundable = order.status === 'paid' || (order.status === 'cancelled' && payment);
    if (!refundable || !payment?.providerReference) {
      throw appError('CONFLICT', `This order is ${order.status.replace('_', ' ')} and cannot be refunded`, {
        reason: 'ORDER_NOT_REFUNDABLE',
        status: order.status,
      });
    }
    return {
      ref: { paymentId: payment.id, orderId: order.id },
      idempotencyKey: payment.idempotencyKey,
      providerReference: payment.providerReference,
      amountCents: payment.amountCents,
      alreadyRefunded: payment.status === 'refunded',
    };
  });

  if (!captured.alreadyRefunded) {
    try {
      await refundThroughProvider(provider, callTimeoutMs, captured);
    } catch {
      throw appError('BAD_GATEWAY', 'The payment provider could not refund the order; nothing changed', {
        reason: 'PAYMENT_PROVIDER_UNAVAILABLE',
      });
    }
  }

  return primaryTransaction(db, async (tx) => {
    await recordRefundIn(tx, captured.ref);
    const order = await tx.findOneOrFail(Order, captured.ref.orderId);
    if (order.status === 'paid') {
      order.status = 'cancelled';
      await returnStock(tx, [order], 'order_cancelled', 'refunded');
    }
    await tx.flush();
    const withLines = await findOrderWithLines(tx, { id: order.id });
    if (!withLines) throw new Error(`order ${order.id} vanished inside its own transaction`);
    return orderView(withLines);
  });
}
