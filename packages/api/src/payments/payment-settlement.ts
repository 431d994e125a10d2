import { type EntityManager, Order, Payment, type PaymentStatus } from '@holdfast/db';
import { LockMode } from '@mikro-orm/core';
import { findOrderWithLines, type OrderView, orderView } from '../orders/orders.ts';
import { type PaymentProvider, providerKey, withTimeout } from './provider.ts';

/** The ids a payment decision needs; taking them from the claim avoids reading the payment before its order is locked. */
export interface PaymentRef {
  paymentId: number;
  orderId: number;
}

export interface PaymentSummary {
  status: PaymentStatus;
  cardLast4: string | null;
}

export type OrderPaymentView = OrderView & { payment: PaymentSummary };

/** Statuses in which a provider call may still be under way. */
export const unsettledPaymentStatuses = ['pending', 'authorized'] as const satisfies PaymentStatus[];

export function isUnsettled(payment: Payment): boolean {
  return (unsettledPaymentStatuses as readonly string[]).includes(payment.status);
}

/**
 * Locks the order, then reads its payment. Every decision about an order's payment or stock
 * (claiming, settling, cancelling, expiring, refunding) takes the order's row lock first, so
 * they happen one at a time and each sees what the one before it decided.
 */
export async function lockOrderAndPayment(tx: EntityManager, ref: PaymentRef) {
  const order = await tx.findOneOrFail(Order, ref.orderId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const payment = await tx.findOneOrFail(Payment, { id: ref.paymentId, order });
  return { order, payment };
}

export type CaptureSettlement = 'paid' | 'already_recorded' | 'refund_needed';

/** Records money the provider has taken. When the order stopped waiting for it meanwhile, the money must go back. */
export async function recordCaptureIn(tx: EntityManager, ref: PaymentRef, reference: string) {
  const { order, payment } = await lockOrderAndPayment(tx, ref);
  const settle = (settlement: CaptureSettlement) => ({ settlement, order, payment });
  if (payment.status === 'captured' || payment.status === 'refunded') return settle('already_recorded');
  payment.providerReference = reference;
  payment.leaseExpiresAt = null;
  payment.status = 'captured';
  if (order.status === 'awaiting_payment') {
    order.status = 'paid';
    return settle('paid');
  }
  // expired or cancelled while the provider worked (the sweeper may have given the attempt up)
  return settle('refund_needed');
}

/**
 * A decline or a failed attempt settles the attempt only: the order keeps waiting with its stock
 * held, so the customer can pay again with another card until the hold runs out (then the
 * sweeper cancels it and returns the stock, as for any unpaid order).
 */
export async function recordFailureIn(
  tx: EntityManager,
  ref: PaymentRef,
  status: 'declined' | 'failed',
  failureCode: string,
): Promise<void> {
  const { payment } = await lockOrderAndPayment(tx, ref);
  if (!isUnsettled(payment)) return;
  payment.status = status;
  payment.failureCode = failureCode;
  payment.leaseExpiresAt = null;
}

export async function recordRefundIn(tx: EntityManager, ref: PaymentRef): Promise<void> {
  const { payment } = await lockOrderAndPayment(tx, ref);
  if (payment.status === 'captured') payment.status = 'refunded';
}

/**
 * Gives captured money back through the provider. Safe to repeat: the refund's key is derived
 * from the payment's, so a second attempt returns the first one's answer.
 */
export async function refundThroughProvider(
  provider: PaymentProvider,
  callTimeoutMs: number,
  payment: { idempotencyKey: string; providerReference: string; amountCents: number },
): Promise<void> {
  await withTimeout(
    callTimeoutMs,
    (signal) =>
      provider.refund({
        idempotencyKey: providerKey(payment.idempotencyKey, 'refund'),
        reference: payment.providerReference,
        amountCents: payment.amountCents,
        signal,
      }),
    'refund',
  );
}

export async function orderPaymentView(
  tx: EntityManager,
  order: Order,
  payment: Payment,
): Promise<OrderPaymentView> {
  const withLines = await findOrderWithLines(tx, { id: order.id });
  if (!withLines) throw new Error(`order ${order.id} vanished inside its own transaction`);
  return {
    ...orderView(withLines),
    payment: { status: payment.status, cardLast4: payment.cardLast4 ?? null },
  };
}
