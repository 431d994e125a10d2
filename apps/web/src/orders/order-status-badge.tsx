import type { RouterOutputs } from '@holdfast/client';

export type OrderStatus = RouterOutputs['orders']['get']['status'];

const labels: Record<OrderStatus, string> = {
  awaiting_payment: 'Awaiting payment',
  paid: 'Paid',
  fulfilled: 'Shipped',
  cancelled: 'Cancelled',
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`status-badge status-${status}`}>{labels[status]}</span>;
}
