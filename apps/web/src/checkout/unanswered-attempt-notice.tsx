import { ApiProblemMessage } from '../api-errors/api-problem-message.tsx';
import type { PlaceOrderInput } from './checkout-attempt.ts';
import { usePlaceOrder } from './use-place-order.ts';

/**
 * The last attempt went out but its answer never came back, and the cart is now empty: the
 * order was most likely placed. Sending the same attempt again is safe and returns that order.
 */
export function UnansweredAttemptNotice({ attempt }: { attempt: PlaceOrderInput }) {
  const order = usePlaceOrder();
  return (
    <div className="notice notice-warning" role="status">
      <h2>Your last order got no answer</h2>
      <p>
        Your cart has been emptied, so the order you sent was most likely placed. Checking will show it, and
        will never place it a second time.
      </p>
      <button
        type="button"
        className="primary"
        disabled={order.isPending}
        onClick={() => order.placeOrder(attempt)}
      >
        {order.isPending ? 'Checking…' : 'Show my order'}
      </button>
      {(order.problem?.kind === 'unavailable' || order.problem?.kind === 'unreachable') && (
        <ApiProblemMessage problem={order.problem} />
      )}
    </div>
  );
}
