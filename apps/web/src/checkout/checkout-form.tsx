import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useAccount } from '../account/use-account.ts';
import { describeApiProblem } from '../api-errors/api-problem.ts';
import { ApiProblemMessage } from '../api-errors/api-problem-message.tsx';
import { StockShortageNotice } from '../cart/stock-shortage-notice.tsx';
import { type CartView, useSetCartQuantity } from '../cart/use-cart.ts';
import { formatCents } from '../money.ts';
import { paths } from '../paths.ts';
import { checkoutAttemptFor } from './checkout-attempt.ts';
import { PriceChangedNotice } from './price-changed-notice.tsx';
import { usePlaceOrder } from './use-place-order.ts';

interface Props {
  cartToken: string;
  cart: CartView;
}

export function CheckoutForm({ cartToken, cart }: Props) {
  const { customer } = useAccount();
  // a signed-in customer's receipt goes to their account's email unless they type another
  const [typedEmail, setEmail] = useState<string | null>(null);
  const email = typedEmail ?? customer?.email ?? '';
  const order = usePlaceOrder();
  const cartQuantity = useSetCartQuantity();
  // lines already reduced since the last attempt: the rest of the shortage notice stays up
  const [fixedVariantIds, setFixedVariantIds] = useState<number[]>([]);
  const { problem } = order;
  const shortItems =
    problem?.kind === 'insufficient-stock'
      ? problem.items.filter((item) => !fixedVariantIds.includes(item.variantId))
      : [];
  // after a price change the customer confirms the server's new total, not whatever the page shows
  const totalToCharge = problem?.kind === 'price-changed' ? problem.currentTotal : cart.totalCents;
  const emailErrors = problem?.kind === 'invalid-input' ? problem.fieldErrors.email : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFixedVariantIds([]);
    const attempt = checkoutAttemptFor(cartToken, {
      // the server compares emails lower-cased; the confirmation should show the one it stored
      email: email.trim().toLowerCase(),
      expectedTotal: totalToCharge,
      lines: cart.lines,
    });
    order.placeOrder(attempt);
  }

  async function reduceLine(variantId: number, quantity: number) {
    try {
      await cartQuantity.setQuantity(variantId, quantity);
      setFixedVariantIds((fixed) => [...fixed, variantId]);
    } catch {
      // cartQuantity.error is shown below
    }
  }

  return (
    <form className="checkout-form" onSubmit={submit}>
      <label htmlFor="checkout-email">Email for the receipt</label>
      <input
        id="checkout-email"
        type="email"
        name="email"
        autoComplete="email"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        aria-invalid={emailErrors ? true : undefined}
        aria-describedby={emailErrors ? 'checkout-email-error' : undefined}
      />
      {emailErrors && (
        <p id="checkout-email-error" className="field-error">
          {emailErrors.join(' ')}
        </p>
      )}

      {problem?.kind === 'price-changed' && <PriceChangedNotice {...problem} />}
      {shortItems.length > 0 && (
        <StockShortageNotice
          items={shortItems}
          explanation="Some items sold out while they were in your cart. Nothing was charged."
          lines={cart.lines}
          busy={cartQuantity.isPending}
          onReduce={reduceLine}
        />
      )}
      {problem?.kind === 'cart-empty' && (
        <p className="notice notice-error" role="alert">
          Your cart is empty, so there is nothing to order. <Link to={paths.catalog}>Back to the shop</Link>.
        </p>
      )}
      {problem?.kind === 'unreachable' && (
        <div className="notice notice-error" role="alert">
          <p>
            We could not reach the store, so we cannot tell whether your order went through. Trying again is
            safe: it will never place the same order twice.
          </p>
        </div>
      )}
      {(problem?.kind === 'unavailable' ||
        problem?.kind === 'other' ||
        (problem?.kind === 'invalid-input' && !emailErrors)) && <ApiProblemMessage problem={problem} />}
      {cartQuantity.error && <ApiProblemMessage problem={describeApiProblem(cartQuantity.error)} />}

      <p className="amount-due">
        Order total <strong data-testid="expected-total">{formatCents(totalToCharge)}</strong>
      </p>
      <button type="submit" className="primary" disabled={order.isPending || shortItems.length > 0}>
        {submitLabel(order.isPending, problem?.kind, totalToCharge)}
      </button>
    </form>
  );
}

function submitLabel(pending: boolean, problemKind: string | undefined, total: number): string {
  if (pending) return 'Placing your order…';
  if (problemKind === 'price-changed') return `Confirm new total and place order · ${formatCents(total)}`;
  if (problemKind === 'unavailable' || problemKind === 'unreachable') return 'Try again';
  return `Place order · ${formatCents(total)}`;
}
