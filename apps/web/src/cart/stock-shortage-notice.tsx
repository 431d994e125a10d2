import type { ShortItem } from '../api-errors/api-problem.ts';
import type { CartLine } from './use-cart.ts';

interface Props {
  items: ShortItem[];
  /** Why stock is short, when the page knows more than "you asked for more than there is". */
  explanation?: string;
  lines: CartLine[];
  busy: boolean;
  /** Sets the line to what is available; 0 removes it. */
  onReduce: (variantId: number, quantity: number) => void;
}

/** Say which item is short, what is left, and offer the fix. */
export function StockShortageNotice({ items, explanation, lines, busy, onReduce }: Props) {
  return (
    <div className="notice notice-error" role="alert">
      <h2>Not enough stock</h2>
      {explanation && <p>{explanation}</p>}
      <ul>
        {items.map((item) => {
          const line = lines.find((candidate) => candidate.variantId === item.variantId);
          const name = line ? `${line.productName} (${line.variantName})` : item.sku;
          return (
            <li key={item.variantId}>
              <p>
                <strong>{name}</strong>:{' '}
                {item.available === 0
                  ? `sold out; you asked for ${item.requested}.`
                  : `only ${item.available} available; you asked for ${item.requested}.`}
              </p>
              <button type="button" disabled={busy} onClick={() => onReduce(item.variantId, item.available)}>
                {item.available === 0 ? `Remove ${name} from the cart` : `Reduce to ${item.available}`}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
