import { type Database, type EntityManager, Payment, primaryTransaction } from '@holdfast/db';
import {
  lockOrderAndPayment,
  type PaymentRef,
  recordCaptureIn,
  recordFailureIn,
  recordRefundIn,
  refundThroughProvider,
} from './payment-settlement.ts';
import type { PaymentSettings } from './settings.ts';
import type { PaymentEvent } from './webhook.ts';

/**
 * `duplicate`: this event id was applied before; `ignored`: a type or payment this service does
 * not know; `refused`: the reference and the key do not name the same payment, and nothing was
 * recorded; `refund_failed`: money arrived for a closed order and the provider refused to give it
 * back yet (the payment stays captured on the closed order, for admin.refund).
 */
export type PaymentEventOutcome = 'applied' | 'duplicate' | 'ignored' | 'refused' | 'refund_failed';

/**
 * Applies a verified provider event exactly once: the event id is recorded in the same
 * transaction as its effect, so a redelivery (even one arriving at the same moment, which
 * waits on the unique index) finds it and changes nothing. Events settle payments whose
 * outcome arrived late: a customer's confirmation, or an attempt whose request died.
 */
export async function applyPaymentEvent(
  db: Database,
  settings: PaymentSettings,
  event: PaymentEvent,
): Promise<PaymentEventOutcome> {
  const payment = await findPayment(db, event);
  const ref = payment && { paymentId: payment.id, orderId: payment.order.id };
  const result = await primaryTransaction(db, async (tx) => {
    if (ref && !(await namesOnePayment(tx, ref, event.data.reference))) return 'refused' as const;
    const recorded = await tx.execute<{ id: number }[]>(
      `insert into processed_payment_event (provider, event_id, type, processed_at)
       values (?, ?, ?, now()) on conflict do nothing returning id`,
      [settings.provider.name, event.id, event.type],
    );
    if (recorded.length === 0) return 'duplicate' as const;
    if (!ref) return 'ignored' as const;
    switch (event.type) {
      case 'payment.succeeded': {
        const { settlement } = await recordCaptureIn(tx, ref, event.data.reference);
        return settlement === 'refund_needed' ? ('refund_needed' as const) : ('applied' as const);
      }
      case 'payment.failed':
        await recordFailureIn(tx, ref, 'declined', event.data.declineCode ?? 'declined');
        return 'applied' as const;
      default:
        return 'ignored' as const;
    }
  });
  if (result !== 'refund_needed') return result;
  if (!payment || !ref) throw new Error('a refund is needed for a payment that was not found');
  // money arrived for an order that closed meanwhile: it goes back, outside the transaction
  try {
    await refundThroughProvider(settings.provider, settings.callTimeoutMs, {
      idempotencyKey: payment.idempotencyKey,
      providerReference: event.data.reference,
      amountCents: payment.amountCents,
    });
  } catch {
    return 'refund_failed';
  }
  await primaryTransaction(db, (tx) => recordRefundIn(tx, ref));
  return 'applied';
}

/** By our key, which the provider echoes back; the reference is checked against it under the order's lock. */
function findPayment(db: Database, event: PaymentEvent) {
  return db.primaryEm().findOne(Payment, { idempotencyKey: event.data.paymentKey });
}

/**
 * Whether the event's reference can be this payment's: the one recorded for it, or, when the
 * attempt's answer never reached the database, one that no other payment holds. A signed event
 * pairing one order's reference with another's key must not settle either of them.
 */
async function namesOnePayment(tx: EntityManager, ref: PaymentRef, reference: string): Promise<boolean> {
  const { payment } = await lockOrderAndPayment(tx, ref);
  if (payment.providerReference !== null) return payment.providerReference === reference;
  return (await tx.count(Payment, { providerReference: reference, id: { $ne: payment.id } })) === 0;
}
