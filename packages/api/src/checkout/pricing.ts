import type { CheckoutLine } from '@holdfast/db';

/** What a line needs of a variant: an entity with its product loaded, or a row read under a lock. */
export interface PricedVariant {
  id: number;
  sku: string;
  name: string;
  priceCents: number;
  product: { name: string };
}

/** What checkout_write_order stores of a line (CheckoutLine), with the line's total. */
export interface PricedLine extends CheckoutLine {
  lineTotalCents: number;
}

/** A line at the variant's current price: what the cart shows and what checkout charges. */
export function pricedLine(variant: PricedVariant, quantity: number): PricedLine {
  return {
    variantId: variant.id,
    sku: variant.sku,
    productName: variant.product.name,
    variantName: variant.name,
    unitPriceCents: variant.priceCents,
    quantity,
    lineTotalCents: variant.priceCents * quantity,
  };
}

export function totalOf(lines: { lineTotalCents: number }[]): number {
  return lines.reduce((total, line) => total + line.lineTotalCents, 0);
}
