import type { ProductImage } from '../pictures/product-picture.tsx';

interface Line {
  variantId: number;
  image?: ProductImage | null;
}

/**
 * Checkout, payment and cancelling answer with the order but without its pictures (the server
 * looks them up for the order page only): the pictures already shown for the same variants, in
 * the cart or on the order page, stay.
 */
export function withLinePictures<Order extends { lines: Line[] }>(
  order: Order,
  shown: readonly Line[] = [],
): Order {
  const pictures = new Map(shown.map((line) => [line.variantId, line.image]));
  return {
    ...order,
    lines: order.lines.map((line) =>
      line.image === undefined ? { ...line, image: pictures.get(line.variantId) } : line,
    ),
  };
}
