import { useState } from 'react';
import { type ProductImage, ProductPicture } from '../pictures/product-picture.tsx';

const mainSizes = '(max-width: 40rem) 100vw, 40rem';

/** The product's pictures: one large, the others as buttons that bring theirs forward. */
export function ProductGallery({ images }: { images: ProductImage[] }) {
  const [shown, setShown] = useState(0);
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
