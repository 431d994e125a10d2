import type { RouterOutputs } from '@holdfast/client';
import { PutBackInCart } from '../cart/put-back-in-cart.tsx';

type OrderLine = RouterOutputs['orders']['get']['lines'][number];

const declineReasons: Record<string, string> = {
  expired_card: 'The card has expired.',
  card_not_supported: 'This card is not accepted here.',
};

export function PaymentDeclinedNotice({ declineCode, lines }: { declineCode: string; lines: OrderLine[] }) {
  return (
    <div className="notice notice-error payment-outcome" role="alert">
      <h2>Your card was declined</h2>
      <p>
        {declineReasons[declineCode] ?? 'Your bank refused the payment.'} This order was not paid and nothing
        was charged. Its items were released, so they are no longer held for you.
      </p>
      <p>To pay with another card, put the items back in your cart and place the order again.</p>
      <PutBackInCart lines={lines} />
    </div>
  );
}

export function PaymentFailedNotice({
  failure,
  lines,
}: {
  failure: 'provider_error' | 'timeout';
  lines: OrderLine[];
}) {
  return (
    <div className="notice notice-error payment-outcome" role="alert">
      <h2>The payment did not go through</h2>
      <p>
        {failure === 'timeout'
          ? 'The payment provider did not answer in time.'
          : 'The payment provider had a problem.'}{' '}
        Nothing was charged, and nothing will be charged twice: a payment that might have started was
        cancelled. This order was not paid and its items were released.
      </p>
      <p>To try again, put the items back in your cart and place the order again.</p>
      <PutBackInCart lines={lines} />
    </div>
  );
}

/** An order that can no longer be paid, as found on a later visit. */
export function ClosedOrderNotice({
  status,
  lines,
}: {
  status: 'payment_failed' | 'cancelled';
  lines: OrderLine[];
}) {
  return (
    <div className="notice notice-warning payment-outcome">
      <p>
        {status === 'cancelled'
          ? 'This order was cancelled and nothing was charged. Its items were released.'
          : 'The payment for this order did not go through, so it was not paid and nothing was charged. Its items were released.'}
      </p>
      <PutBackInCart lines={lines} />
    </div>
  );
}
