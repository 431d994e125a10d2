import { type ArtworkView, artworkName, artworkSize, artworkViews } from '../product-artwork.ts';
import type { CategoryPlan } from './demo-catalog.ts';

export interface ImageDraft {
  position: number;
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
  const colourVariants = variantNames.filter((name) => plan.colours.includes(name));
  if (colourVariants.length >= 2) {
    return colourVariants.slice(0, 4).map((colour, offset) => ({
      position: offset + 1,
      artwork: artworkName({ item, colour, view: 'front' }),
      alt: `${productName} in ${colour.toLowerCase()}`,
      ...artworkSize,
    }));
  }
  const colour = plan.colours[index % plan.colours.length] as string;
  return artworkViews.slice(0, 2 + (index % 3)).map((view, offset) => ({
    position: offset + 1,
    artwork: artworkName({ item, colour, view }),
    alt: `${productName} in ${colour.toLowerCase()}, ${viewPhrases[view]}`,
    ...artworkSize,
  }));
}
