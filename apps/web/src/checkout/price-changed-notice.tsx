import { formatCents } from '../money.ts';

export function PriceChangedNotice({
  expectedTotal,
  currentTotal,
}: {
  expectedTotal: number;
  currentTotal: number;
}) {
  return (
    <div className="notice notice-warning" role="alert">
      <h2>The price changed</h2>
      <p>
        Your total was <strong>{formatCents(expectedTotal)}</strong> and is now{' '}
        <strong>{formatCents(currentTotal)}</strong>. Nothing was charged. Check the items, then confirm the
        new total to place your order.
      </p>
    </div>
  );
}
