import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { describeApiProblem } from '../api-errors/api-problem.ts';
import { ApiProblemMessage } from '../api-errors/api-problem-message.tsx';
import { useCart, useSetCartQuantity } from '../cart/use-cart.ts';
import { paths } from '../paths.ts';
import { useTRPC } from '../trpc.ts';
import { availabilityText, type ProductVariant, VariantPicker } from './variant-picker.tsx';

interface Props {
  productName: string;
  variants: ProductVariant[];
  /** Told of each choice, so the gallery can show the colour or finish chosen. */
  onVariantChosen?: (variantId: number) => void;
}

/** The variant chosen when the page opens: the first that can be bought. */
export function firstChoice(variants: ProductVariant[]): number | undefined {
  return (variants.find((variant) => variant.available > 0) ?? variants[0])?.id;
}

export function AddToCartForm({ productName, variants, onVariantChosen }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { cart } = useCart();
  const cartQuantity = useSetCartQuantity();
  const [selectedId, setSelectedId] = useState(() => firstChoice(variants));
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<string | null>(null);

  const selected = variants.find((variant) => variant.id === selectedId);
  const inCart = cart?.lines.find((line) => line.variantId === selectedId)?.quantity ?? 0;
  const canAdd = selected !== undefined && selected.available > 0;

  async function addToCart(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!selected) return;
    setAdded(null);
    try {
      // the API sets a line's quantity, so adding means asking for what is there plus this many
      await cartQuantity.setQuantity(selected.id, inCart + quantity);
      setAdded(`Added ${quantity} × ${productName} (${selected.name}) to your cart.`);
    } catch (error) {
      // the page's availability came from a replica; the primary just told us otherwise
      if (describeApiProblem(error).kind === 'insufficient-stock')
        void queryClient.invalidateQueries(trpc.catalog.product.pathFilter());
    }
  }

  const problem = cartQuantity.error ? describeApiProblem(cartQuantity.error) : null;
  return (
    <form className="add-to-cart" onSubmit={addToCart}>
      {variants.length > 1 ? (
        <VariantPicker
          variants={variants}
          selectedId={selectedId}
          onSelect={(id) => {
            setSelectedId(id);
            onVariantChosen?.(id);
            cartQuantity.reset();
            setAdded(null);
          }}
        />
      ) : (
        selected && <p className="variant-stock">{availabilityText(selected.available)}</p>
      )}
      <div className="add-row">
        <label>
          Quantity
          <input
            type="number"
            inputMode="numeric"
            min={1}
            max={Math.max(1, selected?.available ?? 1)}
            value={quantity}
            onChange={(event) => setQuantity(Math.max(1, Math.trunc(event.target.valueAsNumber) || 1))}
            disabled={!canAdd}
          />
        </label>
        <button type="submit" className="primary" disabled={!canAdd || cartQuantity.isPending}>
          {canAdd ? (cartQuantity.isPending ? 'Adding…' : 'Add to cart') : 'Sold out'}
        </button>
      </div>
      {inCart > 0 && <p className="muted">You have {inCart} of these in your cart.</p>}
      <div aria-live="polite">
        {added && (
          <p className="notice notice-success">
            {added} <Link to={paths.cart}>View cart</Link>
          </p>
        )}
      </div>
      {problem?.kind === 'insufficient-stock' && selected ? (
        <p className="notice notice-error" role="alert">
          {problem.items.map(({ available }) =>
            available === 0
              ? `${productName} (${selected.name}) has just sold out.`
              : `Only ${available} of ${productName} (${selected.name}) available${inCart ? `, and ${inCart} are already in your cart` : ''}.`,
          )}
        </p>
      ) : (
        problem && <ApiProblemMessage problem={problem} />
      )}
    </form>
  );
}
