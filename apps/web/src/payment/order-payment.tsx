import type { RouterOutputs } from '@holdfast/client';
import { useQueryClient } from '@tanstack/react-query';
import { CancelOrder } from '../orders/cancel-order.tsx';
import { useTRPC } from '../trpc.ts';
import { CardPaymentForm } from './card-payment-form.tsx';
import {
  CancelledOrderNotice,
  PaymentDeclinedNotice,
  PaymentFailedNotice,
} from './payment-outcome-notices.tsx';
import { usePayOrder } from './use-pay-order.ts';

type OrderView = RouterOutputs['orders']['get'];

/**
 * Everything about paying for an order: the card form while it awaits payment (after a decline
 * too, with the decline explained above it: the order keeps its items for another card), then
 * what came of it.
 */
export function OrderPayment({ order, email }: { order: OrderView; email: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const payment = usePayOrder(order.number, email);
  const { problem, result } = payment;

  switch (order.status) {
    case 'awaiting_payment':
      if (result?.payment.status === 'pending')
        return (
          <div className="notice notice-warning payment-outcome" role="status">
            <h2>Waiting for your bank</h2>
            <p>
              Your bank asked you to confirm this payment. Once you have, this order shows as paid; nothing is
              charged until then.
            </p>
            <button
              type="button"
              onClick={() =>
                queryClient.invalidateQueries(trpc.orders.get.queryFilter({ number: order.number, email }))
              }
            >
              Check again
            </button>
          </div>
        );
      return (
        <>
          {problem?.kind === 'payment-declined' && (
            <PaymentDeclinedNotice declineCode={problem.declineCode} />
          )}
          {problem?.kind === 'payment-failed' && <PaymentFailedNotice failure={problem.failure} />}
          <CardPaymentForm
            totalCents={order.totalCents}
            pending={payment.isPending}
            problem={problem}
            onPay={payment.pay}
          />
          <CancelOrder number={order.number} email={email} disabled={payment.isPending} />
        </>
      );
    case 'paid':
    case 'fulfilled':
      return (
        <p className="notice notice-success payment-outcome" role="status">
          <strong>Paid</strong>
          {result?.payment.cardLast4 ? ` with the card ending ${result.payment.cardLast4}` : ''}. Thank you!
        </p>
      );
    case 'cancelled':
      return <CancelledOrderNotice lines={order.lines} />;
  }
}
