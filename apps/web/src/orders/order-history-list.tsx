import type { RouterOutputs } from '@holdfast/client';
import { Link } from 'react-router';
import type { OrderPageState } from '../checkout/use-place-order.ts';
import { formatCents } from '../money.ts';
import { paths } from '../paths.ts';
import { OrderStatusBadge } from './order-status-badge.tsx';

type ListedOrder = RouterOutputs['orders']['mine']['items'][number];

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** One card per order rather than a table: four columns with a 19-character order number do not fit a phone. */
export function OrderHistoryList({ orders }: { orders: ListedOrder[] }) {
  return (
    <ul className="order-history" aria-label="Your orders, newest first">
      {orders.map((order) => {
        // the order page looks an order up by number and email; the email stays out of the URL
        const state: OrderPageState = { email: order.email, justPlaced: false };
        return (
          <li key={order.number}>
            <article className="order-history-item">
              <h2>
                <Link to={paths.order(order.number)} state={state} className="order-number">
                  {order.number}
                </Link>
              </h2>
              <p className="muted">
                Placed{' '}
                <time dateTime={order.createdAt.toISOString()}>{dateFormat.format(order.createdAt)}</time>
              </p>
              <OrderStatusBadge status={order.status} />
              <p className="order-history-total">{formatCents(order.totalCents)}</p>
            </article>
          </li>
        );
      })}
    </ul>
  );
}
