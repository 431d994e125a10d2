import type { RouterOutputs } from '@holdfast/client';
import { PutBackInCart } from '../cart/put-back-in-cart.tsx';

type OrderLine = RouterOutputs['orders']['get']['lines'][number];

const declineReasons: Record<string, string> = {
  expired_card: 'The card has expired.',
  card_not_supported: 'This card is not accepted here.',
};

// shown above the card form: the order still holds its items, so the next step is simply another attempt
export function PaymentDeclinedNotice({ declineCode }: { declineCode: string }) {
  return (
    <div className="notice notice-error payment-outcome" role="alert">
      <h2>Your card was declined</h2>
      <p>
        {declineReasons[declineCode] ?? 'Your bank refused the payment.'} Nothing was charged. Your items are
        still held for this order: pay with another card below.
      </p>
    </div>
  );
}

export function PaymentFailedNotice({ failure }: { failure: 'provider_error' | 'timeout' }) {
  return (
    <div className="notice notice-error payment-outcome" role="alert">
      <h2>The payment did not go through</h2>
      <p>
        {failure === 'timeout'
          ? 'The payment provider did not answer in time.'
          : 'The payment provider had a problem.'}{' '}
        Nothing was charged, and nothing will be charged twice: a payment that might have started was
        cancelled. Your items are still held for this order: try again below.
      </p>
    </div>
  );
}

/** A cancelled order (by its customer, by a refund, or because its hold ran out), as found on a later visit. */
export function CancelledOrderNotice({ lines }: { lines: OrderLine[] }) {
  return (
    <div className="notice notice-warning payment-outcome">
      <p>This order was cancelled and nothing was charged. Its items were released.</p>
      <PutBackInCart lines={lines} />
    </div>
  );
}
