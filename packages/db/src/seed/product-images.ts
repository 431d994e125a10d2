import { type ArtworkView, artworkName, artworkSize, artworkViews } from '../product-artwork.ts';
import type { CategoryPlan } from './demo-catalog.ts';

export interface ImageDraft {
  position: number;
  /** Which of the product's variants (by index) the picture shows, if one. */
  variantIndex: number | null;
  artwork: string;
  alt: string;
  width: number;
  height: number;
}

const viewPhrases: Record<ArtworkView, string> = {
  front: 'from the front',
  detail: 'close up',
  backdrop: 'against a plain backdrop',
  reverse: 'from the other side',
};

/**
 * Two to four pictures of a product: one per variant when its variants are colours or finishes,
 * otherwise views of it in one colour. Chosen from the product's index, not from faker, so the
 * catalog's names, prices and stock stay what they were before products had pictures.
 */
export function draftImages(
  index: number,
  plan: CategoryPlan,
  item: string,
  productName: string,
  variantNames: readonly string[],
): ImageDraft[] {
  if (variantNames.length >= 2 && variantNames.every((name) => plan.colours.includes(name))) {
    return variantNames.slice(0, 4).map((colour, offset) => ({
      position: offset + 1,
      variantIndex: offset,
      artwork: artworkName({ item, colour, view: 'front' }),
      alt: `${productName} in ${colour.toLowerCase()}`,
      ...artworkSize,
    }));
  }
  const colour = plan.colours[index % plan.colours.length] as string;
  return artworkViews.slice(0, 2 + (index % 3)).map((view, offset) => ({
    position: offset + 1,
    variantIndex: null,
    artwork: artworkName({ item, colour, view }),
    alt: `${productName} in ${colour.toLowerCase()}, ${viewPhrases[view]}`,
    ...artworkSize,
  }));
}
