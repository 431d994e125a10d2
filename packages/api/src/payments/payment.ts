import { type Database, type EntityManager, Order, Payment, primaryTransaction } from '@holdfast/db';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { TRPCError } from '@trpc/server';
import { appError, paymentInProgress } from '../errors.ts';
import { canSeeOrder } from '../orders/orders.ts';
import {
  isUnsettled,
  lockOrderAndPayment,
  type OrderPaymentView,
  orderPaymentView,
  type PaymentRef,
  recordCaptureIn,
  recordFailureIn,
  recordRefundIn,
  refundThroughProvider,
  unsettledPaymentStatuses,
} from './payment-settlement.ts';
import {
  type AuthorizeResult,
  type CardDetails,
  PaymentProviderError,
  providerKey,
  withTimeout,
} from './provider.ts';
import type { PayInput } from './schemas.ts';
import { attemptLeaseMs, type PaymentSettings } from './settings.ts';

interface Attempt extends PaymentRef {
  idempotencyKey: string;
  amountCents: number;
  orderNumber: string;
}

type Claim = { kind: 'replay'; view: OrderPaymentView } | { kind: 'attempt'; attempt: Attempt };

type ChargeOutcome =
  | { kind: 'captured'; reference: string }
  | { kind: 'pending'; reference: string }
  | { kind: 'declined'; declineCode: string }
  | { kind: 'failed'; failure: 'provider_error' | 'timeout' };

/**
 * Pays an order awaiting payment in three steps, so that no provider call ever runs inside a
 * transaction or while a row is locked: a short transaction claims the attempt (a pending
 * Payment under the client's key), the provider is called with no transaction open, and a
 * second short transaction records the outcome (paid; or declined or failed, the order still
 * awaiting payment with its stock held, so another attempt may follow).
 * The same key always yields the same outcome and never a second charge.
 */
export async function payOrder(
  db: Database,
  settings: PaymentSettings,
  input: PayInput,
  customerId: number | null = null,
): Promise<OrderPaymentView> {
  const claim = await claimAttempt(db, settings, input, customerId);
  if (claim.kind === 'replay') return claim.view;
  const outcome = await charge(settings, claim.attempt, input.card);
  return recordOutcome(db, settings, claim.attempt, outcome);
}

async function claimAttempt(
  db: Database,
  settings: PaymentSettings,
  input: PayInput,
  customerId: number | null,
): Promise<Claim> {
  const claim = () => primaryTransaction(db, (tx) => claimInTransaction(tx, settings, input, customerId));
  try {
    return await claim();
  } catch (error) {
    // another request inserted this key (for another order) first; looking again finds it
    if (error instanceof UniqueConstraintViolationException) return claim();
    throw error;
  }
}

async function claimInTransaction(
  tx: EntityManager,
  settings: PaymentSettings,
  input: PayInput,
  customerId: number | null,
): Promise<Claim> {
  const now = new Date();
  const order = await tx.findOne(
    Order,
    { number: input.orderNumber, email: input.email },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  // one answer for a wrong number, a wrong email and someone else's account, as for orders.get
  if (!order || !canSeeOrder(order, customerId))
    throw appError('NOT_FOUND', 'No order with that number and email');
  const cardLast4 = input.card.number.slice(-4);
  const leaseExpiresAt = new Date(now.getTime() + attemptLeaseMs(settings));

  const earlier = await tx.findOne(Payment, { idempotencyKey: input.idempotencyKey });
  if (earlier) {
    if (earlier.order.id !== order.id || earlier.cardLast4 !== cardLast4) {
      throw appError('CONFLICT', 'This idempotency key was used for a different payment', {
        reason: 'IDEMPOTENCY_KEY_REUSED',
      });
    }
    if (earlier.status === 'captured' || earlier.status === 'refunded') {
      return { kind: 'replay', view: await orderPaymentView(tx, order, earlier) };
    }
    if (!isUnsettled(earlier)) throw failureOf(earlier, order.status);
    if (earlier.leaseExpiresAt && earlier.leaseExpiresAt > now)
      throw paymentInProgress(earlier.leaseExpiresAt, now);
    // the request that owned this attempt is gone; the provider answers the same key with its
    // first answer, so driving the attempt again cannot charge twice
    earlier.leaseExpiresAt = leaseExpiresAt;
    return { kind: 'attempt', attempt: attemptOf(earlier, order) };
  }

  if (order.status !== 'awaiting_payment') {
    throw appError('CONFLICT', `This order is ${order.status.replace('_', ' ')} and cannot be paid`, {
      reason: 'ORDER_NOT_PAYABLE',
      status: order.status,
    });
  }
  // an attempt under another key is still unresolved: a second one could charge the order twice
  const unresolved = await tx.findOne(
    Payment,
    { order, status: { $in: [...unsettledPaymentStatuses] } },
    { orderBy: { leaseExpiresAt: 'desc' } },
  );
  if (unresolved) throw paymentInProgress(unresolved.leaseExpiresAt ?? leaseExpiresAt, now);

  const payment = tx.create(Payment, {
    order,
    amountCents: order.totalCents,
    status: 'pending',
    provider: settings.provider.name,
    idempotencyKey: input.idempotencyKey,
    cardLast4,
    leaseExpiresAt,
  });
  await tx.flush();
  return { kind: 'attempt', attempt: attemptOf(payment, order) };
}

function attemptOf(payment: Payment, order: Order): Attempt {
  return {
    paymentId: payment.id,
    orderId: order.id,
    idempotencyKey: payment.idempotencyKey,
    amountCents: payment.amountCents,
    orderNumber: order.number,
  };
}

/** Talks to the provider. Runs with no transaction open and no row locked: a slow provider delays only this buyer. */
async function charge(
  settings: PaymentSettings,
  attempt: Attempt,
  card: CardDetails,
): Promise<ChargeOutcome> {
  const { provider, callTimeoutMs } = settings;
  const authorizationKey = providerKey(attempt.idempotencyKey, 'authorize');
  let authorization: AuthorizeResult;
  try {
    authorization = await withTimeout(
      callTimeoutMs,
      (signal) =>
        provider.authorize({
          idempotencyKey: authorizationKey,
          amountCents: attempt.amountCents,
          card,
          description: attempt.orderNumber,
          paymentKey: attempt.idempotencyKey,
          signal,
        }),
      'authorize',
    );
  } catch (error) {
    // the authorization may have gone through without its answer reaching us: cancel it by its key
    await release(settings, attempt, authorizationKey);
    return { kind: 'failed', failure: failureKind(error) };
  }
  if (authorization.outcome === 'declined')
    return { kind: 'declined', declineCode: authorization.declineCode };
  if (authorization.outcome === 'pending') return { kind: 'pending', reference: authorization.reference };

  const { reference } = authorization;
  try {
    await withTimeout(
      callTimeoutMs,
      (signal) =>
        provider.capture({
          idempotencyKey: providerKey(attempt.idempotencyKey, 'capture'),
          reference,
          amountCents: attempt.amountCents,
          signal,
        }),
      'capture',
    );
  } catch (error) {
    await release(settings, attempt, authorizationKey, reference);
    return { kind: 'failed', failure: failureKind(error) };
  }
  return { kind: 'captured', reference };
}

/**
 * Best effort to leave no money held for an attempt that is about to be recorded as failed:
 * void the authorization, and if it was captured after all, refund it.
 */
async function release(
  { provider, callTimeoutMs }: PaymentSettings,
  attempt: Attempt,
  authorizationKey: string,
  reference?: string,
): Promise<void> {
  try {
    await withTimeout(
      callTimeoutMs,
      (signal) =>
        provider.void({
          idempotencyKey: providerKey(attempt.idempotencyKey, 'void'),
          authorizationKey,
          reference,
          signal,
        }),
      'void',
    );
  } catch {
    if (!reference) return;
    await refundThroughProvider(provider, callTimeoutMs, {
      idempotencyKey: attempt.idempotencyKey,
      providerReference: reference,
      amountCents: attempt.amountCents,
    }).catch(() => undefined);
  }
}

async function recordOutcome(
  db: Database,
  settings: PaymentSettings,
  attempt: Attempt,
  outcome: ChargeOutcome,
): Promise<OrderPaymentView> {
  switch (outcome.kind) {
    case 'captured': {
      const settled = await primaryTransaction(db, async (tx) => {
        const { settlement, order, payment } = await recordCaptureIn(tx, attempt, outcome.reference);
        return { settlement, view: await orderPaymentView(tx, order, payment) };
      });
      if (settled.settlement !== 'refund_needed') return settled.view;
      return refundLateCapture(db, settings, attempt, outcome.reference);
    }
    case 'pending': {
      // the customer still has to confirm; the webhook brings the outcome, the lease keeps the order meanwhile
      return primaryTransaction(db, async (tx) => {
        const { order, payment } = await lockOrderAndPayment(tx, attempt);
        if (payment.status === 'pending') {
          payment.providerReference = outcome.reference;
          payment.leaseExpiresAt = new Date(Date.now() + settings.confirmationWindowMs);
        }
        return orderPaymentView(tx, order, payment);
      });
    }
    case 'declined':
      await primaryTransaction(db, (tx) => recordFailureIn(tx, attempt, 'declined', outcome.declineCode));
      throw appError('BAD_REQUEST', 'The card was declined', {
        reason: 'PAYMENT_DECLINED',
        declineCode: outcome.declineCode,
      });
    case 'failed':
      await primaryTransaction(db, (tx) => recordFailureIn(tx, attempt, 'failed', outcome.failure));
      throw providerFailure(outcome.failure);
  }
}

/** The order stopped waiting (it expired) while the provider took the money: give it back and say so. */
async function refundLateCapture(
  db: Database,
  settings: PaymentSettings,
  attempt: Attempt,
  reference: string,
): Promise<never> {
  let refunded = true;
  try {
    await refundThroughProvider(settings.provider, settings.callTimeoutMs, {
      idempotencyKey: attempt.idempotencyKey,
      providerReference: reference,
      amountCents: attempt.amountCents,
    });
    await primaryTransaction(db, (tx) => recordRefundIn(tx, attempt));
  } catch {
    // the payment stays 'captured' on a closed order: visible, and refundable later with the same key
    refunded = false;
  }
  const status = await db.primaryEm().findOneOrFail(Order, attempt.orderId);
  throw appError(
    'CONFLICT',
    refunded
      ? 'The order expired before the payment completed; the charge was refunded'
      : 'The order expired before the payment completed; the charge will be refunded',
    { reason: 'ORDER_NOT_PAYABLE', status: status.status },
  );
}

function failureKind(error: unknown): 'provider_error' | 'timeout' {
  return error instanceof PaymentProviderError && error.code === 'timeout' ? 'timeout' : 'provider_error';
}

function providerFailure(failure: 'provider_error' | 'timeout'): TRPCError {
  return failure === 'timeout'
    ? appError('GATEWAY_TIMEOUT', 'The payment provider did not answer in time; nothing was charged', {
        reason: 'PAYMENT_FAILED',
        failure,
      })
    : appError('BAD_GATEWAY', 'The payment provider failed; nothing was charged', {
        reason: 'PAYMENT_FAILED',
        failure,
      });
}

/** The same refusal a settled attempt got the first time, for a retry with its key. */
function failureOf(payment: Payment, orderStatus: string): TRPCError {
  if (payment.status === 'declined') {
    return appError('BAD_REQUEST', 'The card was declined', {
      reason: 'PAYMENT_DECLINED',
      declineCode: payment.failureCode ?? 'declined',
    });
  }
  if (
    payment.status === 'failed' &&
    (payment.failureCode === 'timeout' || payment.failureCode === 'provider_error')
  ) {
    return providerFailure(payment.failureCode);
  }
  return appError('CONFLICT', `This order is ${orderStatus.replace('_', ' ')} and cannot be paid`, {
    reason: 'ORDER_NOT_PAYABLE',
    status: orderStatus,
  });
}
