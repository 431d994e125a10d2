import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatCents } from '../money.ts';
import { OrderStatusBadge } from '../orders/order-status-badge.tsx';
import { paths } from '../paths.ts';
import { useTRPC } from '../trpc.ts';
import { useAccount } from './use-account.ts';

export function MyOrdersPage() {
  const trpc = useTRPC();
  const account = useAccount();
  const orders = useQuery({ ...trpc.orders.mine.queryOptions({}), enabled: account !== null });

  if (!account)
    return (
      <section aria-labelledby="my-orders-heading">
        <h1 id="my-orders-heading">My orders</h1>
        <p>
          <Link to={paths.signIn}>Sign in</Link> to see the orders you placed with your account.
        </p>
      </section>
    );
  return (
    <section aria-labelledby="my-orders-heading">
      <title>My orders · Holdfast</title>
      <h1 id="my-orders-heading">My orders</h1>
      {orders.isPending && <p aria-live="polite">Loading your orders…</p>}
      {orders.data?.items.length === 0 && <p>No orders yet.</p>}
      {orders.data && orders.data.items.length > 0 && (
        <table className="line-summary">
          <caption>Orders placed as {account.email}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">Status</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {orders.data.items.map((order) => (
              <tr key={order.number}>
                <td>
                  <Link to={paths.order(order.number)} state={{ email: order.email, justPlaced: false }}>
                    {order.number}
                  </Link>
                </td>
                <td>{order.createdAt.toLocaleDateString()}</td>
                <td>
                  <OrderStatusBadge status={order.status} />
                </td>
                <td>{formatCents(order.totalCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
