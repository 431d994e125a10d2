import { Link } from 'react-router';
import { formatCents } from '../money.ts';
import { paths } from '../paths.ts';
import { ProductPicture } from '../pictures/product-picture.tsx';
import { LineStockWarning } from './line-stock-warning.tsx';
import { QuantityStepper } from './quantity-stepper.tsx';
import type { CartLine } from './use-cart.ts';

interface Props {
  line: CartLine;
  busy: boolean;
  onChangeQuantity: (variantId: number, quantity: number) => void;
}

export function CartLineItem({ line, busy, onChangeQuantity }: Props) {
  const label = `${line.productName}, ${line.variantName}`;
  return (
    <article className="cart-line">
      <div className="cart-line-picture">
        <ProductPicture image={line.image} sizes="5rem" decorative />
      </div>
      <div className="cart-line-name">
        <h2>
          <Link to={paths.product(line.productSlug)}>{line.productName}</Link>
        </h2>
        <p className="muted">
          {line.variantName} · SKU {line.sku} · {formatCents(line.unitPriceCents)} each
        </p>
      </div>
      <QuantityStepper
        itemLabel={label}
        quantity={line.quantity}
        disabled={busy}
        onChange={(quantity) => onChangeQuantity(line.variantId, quantity)}
      />
      <p className="cart-line-total">{formatCents(line.lineTotalCents)}</p>
      <button
        type="button"
        className="link-button"
        aria-label={`Remove ${label}`}
        disabled={busy}
        onClick={() => onChangeQuantity(line.variantId, 0)}
      >
        Remove
      </button>
      <LineStockWarning line={line} busy={busy} onChangeQuantity={onChangeQuantity} />
    </article>
  );
}
