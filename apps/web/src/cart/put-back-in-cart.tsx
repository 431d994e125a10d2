import type { RouterOutputs } from '@holdfast/client';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { type ApiProblem, describeApiProblem } from '../api-errors/api-problem.ts';
import { ApiProblemMessage } from '../api-errors/api-problem-message.tsx';
import { paths } from '../paths.ts';
import { useCart, useSetCartQuantity } from './use-cart.ts';

type OrderLine = RouterOutputs['orders']['get']['lines'][number];

/**
 * An order that was not paid gave its items back: this puts them in the cart again, so trying
 * another card is one checkout away instead of a search for every item.
 */
export function PutBackInCart({ lines }: { lines: OrderLine[] }) {
  const { cart } = useCart();
  const cartQuantity = useSetCartQuantity();
  const navigate = useNavigate();
  const [notBack, setNotBack] = useState<string[] | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  async function putBack() {
    setProblem(null);
    setNotBack(null);
    let current = cart;
    const missing: string[] = [];
    for (const line of lines) {
      const inCart =
        current?.lines.find((candidate) => candidate.variantId === line.variantId)?.quantity ?? 0;
      try {
        // the API sets a line's quantity: what is already in the cart plus what the order had
        current = await cartQuantity.setQuantity(line.variantId, inCart + line.quantity);
      } catch (error) {
        const refusal = describeApiProblem(error);
        if (refusal.kind !== 'insufficient-stock') return setProblem(refusal);
        // someone bought it since it was released: the rest still goes back
        missing.push(`${line.productName} (${line.variantName})`);
      }
    }
    if (missing.length === 0) navigate(paths.cart);
    else setNotBack(missing);
  }

  return (
    <div className="put-back">
      <div className="button-row">
        <button type="button" className="primary" disabled={cartQuantity.isPending} onClick={putBack}>
          {cartQuantity.isPending ? 'Putting them back…' : 'Put the items back in my cart'}
        </button>
        <Link to={paths.catalog}>Back to the shop</Link>
      </div>
      {notBack && (
        <p className="notice notice-warning" role="alert">
          No longer available in that quantity: {notBack.join(', ')}. The rest is in{' '}
          <Link to={paths.cart}>your cart</Link>.
        </p>
      )}
      {problem && <ApiProblemMessage problem={problem} />}
    </div>
  );
}
