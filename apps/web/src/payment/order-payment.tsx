import type { RouterOutputs } from '@holdfast/client';
import { useQueryClient } from '@tanstack/react-query';
import { CancelOrder } from '../orders/cancel-order.tsx';
import { useTRPC } from '../trpc.ts';
import { CardPaymentForm } from './card-payment-form.tsx';
import { ClosedOrderNotice, PaymentDeclinedNotice, PaymentFailedNotice } from './payment-outcome-notices.tsx';
import { usePayOrder } from './use-pay-order.ts';

type OrderView = RouterOutputs['orders']['get'];

/**
 * Everything about paying for an order: the card form while it awaits payment, then what came
 * of it. It stays mounted when the order's status changes, so a decline is still explained
 * after the order has become "payment failed".
 */
export function OrderPayment({ order, email }: { order: OrderView; email: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const payment = usePayOrder(order.number, email);
  const { problem, result } = payment;

  if (problem?.kind === 'payment-declined')
    return <PaymentDeclinedNotice declineCode={problem.declineCode} lines={order.lines} />;
  if (problem?.kind === 'payment-failed')
    return <PaymentFailedNotice failure={problem.failure} lines={order.lines} />;

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
    case 'payment_failed':
    case 'cancelled':
      return <ClosedOrderNotice status={order.status} lines={order.lines} />;
  }
}
