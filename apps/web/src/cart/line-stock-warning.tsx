import type { CartLine } from './use-cart.ts';

interface Props {
  line: CartLine;
  busy: boolean;
  onChangeQuantity: (variantId: number, quantity: number) => void;
}

/**
 * Stock fell below this line's quantity since it was added (the cart read it just now): say
 * what is left and offer the fix here, instead of letting checkout refuse the whole order.
 */
export function LineStockWarning({ line, busy, onChangeQuantity }: Props) {
  if (line.quantity <= line.available) return null;
  const soldOut = line.available <= 0;
  const action = soldOut ? 'Remove from cart' : `Reduce to ${line.available}`;
  return (
    <div className="line-warning">
      <p>
        {soldOut
          ? 'Sold out since you added it.'
          : `Only ${line.available} available; you have ${line.quantity} in your cart.`}
      </p>
      <button
        type="button"
        disabled={busy}
        // the visible words first, then which line: every cart line may have such a button
        aria-label={`${action}: ${line.productName}, ${line.variantName}`}
        onClick={() => onChangeQuantity(line.variantId, soldOut ? 0 : line.available)}
      >
        {action}
      </button>
    </div>
  );
}
