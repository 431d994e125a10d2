import type { RouterOutputs } from '@holdfast/client';

export type ProductImage = NonNullable<RouterOutputs['catalog']['products']['items'][number]['image']>;

interface Props {
  image: ProductImage | null | undefined;
  /** How wide the picture is drawn, so the browser fetches the smallest size that is sharp enough. */
  sizes: string;
  /** The page's main picture loads at once; the rest wait until they come near the screen. */
  priority?: boolean;
  /** Beside a name or inside a labelled button the picture adds nothing to read out. */
  decorative?: boolean;
}

/** A product's picture in a 4:5 box that is reserved before it arrives, so nothing below it moves. */
export function ProductPicture({ image, sizes, priority = false, decorative = false }: Props) {
  if (!image) return <div className="product-picture product-picture-missing" aria-hidden="true" />;
  return (
    <img
      className="product-picture"
      src={image.src}
      srcSet={image.srcSet}
      sizes={sizes}
      alt={decorative ? '' : image.alt}
      width={image.width}
      height={image.height}
      loading={priority ? 'eager' : 'lazy'}
      fetchPriority={priority ? 'high' : 'auto'}
      decoding="async"
    />
  );
}
