import { skipToken, useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { useAccount } from '../account/use-account.ts';
import { describeApiProblem } from '../api-errors/api-problem.ts';
import { ApiProblemMessage } from '../api-errors/api-problem-message.tsx';
import { LineSummaryTable } from '../cart/line-summary-table.tsx';
import type { OrderPageState } from '../checkout/use-place-order.ts';
import { paths } from '../paths.ts';
import { OrderPayment } from '../payment/order-payment.tsx';
import { useTRPC } from '../trpc.ts';
import { OrderLookupForm } from './order-lookup-page.tsx';
import { type OrderStatus, OrderStatusBadge } from './order-status-badge.tsx';

/** The page says what the order's state is, not what the shopper hoped: no thanks above a decline. */
const headings: Record<OrderStatus, string> = {
  awaiting_payment: 'Order placed — awaiting payment',
  paid: 'Paid — thank you',
  fulfilled: 'Shipped — thank you',
  cancelled: 'Order cancelled',
};

export function OrderConfirmationPage() {
  const { number = '' } = useParams();
  const state = useLocation().state as Partial<OrderPageState> | null;
  const account = useAccount();
  // a signed-in customer who opens the link directly most likely ordered with their account's email
  const email = state?.email ?? account.customer?.email;
  const trpc = useTRPC();
  const order = useQuery(trpc.orders.get.queryOptions(email ? { number, email } : skipToken));

  if (!email && account.isPending) return <p aria-live="polite">Loading your order…</p>;
  // someone opened the link without the email that proves the order is theirs
  if (!email)
    return (
      <section aria-labelledby="order-heading">
        <title>{`Order ${number} · Holdfast`}</title>
        <h1 id="order-heading">Order {number}</h1>
        <p>Enter the email you ordered with to see this order.</p>
        <OrderLookupForm initialNumber={number} />
      </section>
    );
  if (order.isPending) return <p aria-live="polite">Loading your order…</p>;
  if (order.isError) {
    const problem = describeApiProblem(order.error);
    if (problem.kind !== 'not-found')
      return <ApiProblemMessage problem={problem} onRetry={() => order.refetch()} />;
    return (
      <section aria-labelledby="order-heading">
        <title>Order not found · Holdfast</title>
        <h1 id="order-heading">Order not found</h1>
        <p className="notice notice-error" role="alert">
          We found no order {number} for {email}. Check both and try again. An order placed while signed in
          shows only to its account.
        </p>
        <OrderLookupForm initialNumber={number} initialEmail={email} />
      </section>
    );
  }

  const { totalCents, lines, status } = order.data;
  return (
    <section aria-labelledby="order-heading" className="order-confirmation">
      <title>{`Order ${number} · Holdfast`}</title>
      <h1 id="order-heading">{headings[status]}</h1>
      <p className="order-reference">
        Order <strong className="order-number">{number}</strong>
      </p>
      {state?.justPlaced && (
        <p className="notice notice-success" role="status">
          Keep the order number to look the order up later with {email}.
        </p>
      )}
      <p>
        Status: <OrderStatusBadge status={status} />
      </p>
      <div className="checkout-columns">
        <LineSummaryTable caption="What you ordered" lines={lines} totalCents={totalCents} />
        <div>
          <OrderPayment order={order.data} email={email} />
        </div>
      </div>
      <p>
        <Link to={paths.catalog}>Continue shopping</Link>
      </p>
    </section>
  );
}
