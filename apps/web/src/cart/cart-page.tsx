import { Link } from 'react-router';
import { describeApiProblem } from '../api-errors/api-problem.ts';
import { ApiProblemMessage } from '../api-errors/api-problem-message.tsx';
import { formatCents } from '../money.ts';
import { paths } from '../paths.ts';
import { CartLineItem } from './cart-line-item.tsx';
import { StockShortageNotice } from './stock-shortage-notice.tsx';
import { useCart, useSetCartQuantity } from './use-cart.ts';

export function CartPage() {
  const { token, query, cart } = useCart({ fresh: true });
  const cartQuantity = useSetCartQuantity();

  if (token && query.isPending) return <p aria-live="polite">Loading your cart…</p>;
  if (token && query.isError && describeApiProblem(query.error).kind !== 'not-found')
    return <ApiProblemMessage problem={describeApiProblem(query.error)} onRetry={() => query.refetch()} />;

  const lines = cart?.lines ?? [];
  const changeQuantity = (variantId: number, quantity: number) => {
    cartQuantity.reset();
    cartQuantity.setQuantity(variantId, quantity).catch(() => {
      // shown from cartQuantity.error
    });
  };
  const problem = cartQuantity.error ? describeApiProblem(cartQuantity.error) : null;

  return (
    <section aria-labelledby="cart-heading">
      <title>Your cart · Holdfast</title>
      <h1 id="cart-heading">Your cart</h1>
      {problem?.kind === 'insufficient-stock' ? (
        <StockShortageNotice
          items={problem.items}
          lines={lines}
          busy={cartQuantity.isPending}
          onReduce={changeQuantity}
        />
      ) : (
        problem && <ApiProblemMessage problem={problem} />
      )}
      {lines.length === 0 ? (
        <p className="empty-state">
          Your cart is empty. <Link to={paths.catalog}>Find something you like</Link>.
        </p>
      ) : (
        <>
          <ul className="cart-lines" aria-label="Items in your cart">
            {lines.map((line) => (
              <li key={line.variantId}>
                <CartLineItem line={line} busy={cartQuantity.isPending} onChangeQuantity={changeQuantity} />
              </li>
            ))}
          </ul>
          <div className="cart-summary">
            <p className="total">
              Total <strong>{formatCents(cart?.totalCents ?? 0)}</strong>
            </p>
            <Link to={paths.checkout} className="button primary">
              Go to checkout
            </Link>
          </div>
        </>
      )}
    </section>
  );
}
