import { Link } from 'react-router';
import { describeApiProblem } from '../api-errors/api-problem.ts';
import { ApiProblemMessage } from '../api-errors/api-problem-message.tsx';
import { LineSummaryTable } from '../cart/line-summary-table.tsx';
import { useCart } from '../cart/use-cart.ts';
import { paths } from '../paths.ts';
import { unansweredCheckoutAttempt } from './checkout-attempt.ts';
import { CheckoutForm } from './checkout-form.tsx';
import { UnansweredAttemptNotice } from './unanswered-attempt-notice.tsx';

export function CheckoutPage() {
  const { token, query, cart } = useCart({ fresh: true });
  const unanswered = token ? unansweredCheckoutAttempt(token) : undefined;

  if (token && query.isPending) return <p aria-live="polite">Loading your cart…</p>;
  if (token && query.isError && describeApiProblem(query.error).kind !== 'not-found')
    return <ApiProblemMessage problem={describeApiProblem(query.error)} onRetry={() => query.refetch()} />;

  return (
    <section aria-labelledby="checkout-heading" className="checkout">
      <title>Checkout · Holdfast</title>
      <h1 id="checkout-heading">Checkout</h1>
      {!token || !cart || cart.lines.length === 0 ? (
        unanswered ? (
          <UnansweredAttemptNotice attempt={unanswered} />
        ) : (
          <p className="empty-state">
            Your cart is empty. <Link to={paths.catalog}>Find something you like</Link>.
          </p>
        )
      ) : (
        <div className="checkout-columns">
          <div>
            <LineSummaryTable caption="Your order" lines={cart.lines} totalCents={cart.totalCents} />
            <p>
              <Link to={paths.cart}>Change quantities in your cart</Link>
            </p>
          </div>
          <CheckoutForm cartToken={token} cart={cart} />
        </div>
      )}
    </section>
  );
}
