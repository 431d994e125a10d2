import type { RouterOutputs } from '@holdfast/client';
import { useState } from 'react';
import { ProductPicture } from '../pictures/product-picture.tsx';

type GalleryImage = RouterOutputs['catalog']['product']['images'][number];

const mainSizes = '(max-width: 40rem) 100vw, 40rem';

/**
 * The product's pictures: one large, the others as buttons that bring theirs forward. Choosing a
 * variant brings forward the picture of that variant, where there is one.
 */
export function ProductGallery({
  images,
  variantId,
}: {
  images: GalleryImage[];
  variantId: number | undefined;
}) {
  const pictureOf = (id: number | undefined) => images.findIndex((image) => image.variantId === id);
  const [shown, setShown] = useState(() => Math.max(0, pictureOf(variantId)));
  const [followedVariantId, setFollowedVariantId] = useState(variantId);
  if (variantId !== followedVariantId) {
    setFollowedVariantId(variantId);
    if (pictureOf(variantId) >= 0) setShown(pictureOf(variantId));
  }
  return (
    <section className="gallery" aria-label="Pictures">
      <ProductPicture image={images[shown]} sizes={mainSizes} priority />
      {images.length > 1 && (
        <ul className="gallery-thumbnails">
          {images.map((image, index) => (
            <li key={image.src}>
              <button
                type="button"
                aria-pressed={index === shown}
                aria-label={`Picture ${index + 1} of ${images.length}: ${image.alt}`}
                onClick={() => setShown(index)}
              >
                <ProductPicture image={image} sizes="5rem" decorative />
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
