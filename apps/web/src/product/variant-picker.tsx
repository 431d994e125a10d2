import type { RouterOutputs } from '@holdfast/client';
import { formatCents } from '../money.ts';

export type ProductVariant = RouterOutputs['catalog']['product']['variants'][number];

interface Props {
  variants: ProductVariant[];
  selectedId: number | undefined;
  onSelect: (variantId: number) => void;
}

export function VariantPicker({ variants, selectedId, onSelect }: Props) {
  return (
    <fieldset className="variant-picker">
      <legend>Choose an option</legend>
      {variants.map((variant) => (
        <label key={variant.id} className={variant.available > 0 ? 'variant' : 'variant sold-out'}>
          <input
            type="radio"
            name="variant"
            value={variant.id}
            checked={variant.id === selectedId}
            onChange={() => onSelect(variant.id)}
          />
          <span className="variant-name">{variant.name}</span>
          <span className="variant-price">{formatCents(variant.priceCents)}</span>
          <span className="variant-stock">{availabilityText(variant.available)}</span>
        </label>
      ))}
    </fieldset>
  );
}

export function availabilityText(available: number): string {
  if (available <= 0) return 'Sold out';
  if (available <= 5) return `Only ${available} left`;
  return 'In stock';
}
