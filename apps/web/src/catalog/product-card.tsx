import type { RouterOutputs } from '@holdfast/client';
import { Link } from 'react-router';
import { formatCents } from '../money.ts';
import { paths } from '../paths.ts';
import { ProductPicture } from '../pictures/product-picture.tsx';

type ProductSummary = RouterOutputs['catalog']['products']['items'][number];

/** The grid's columns: about 14rem each, one column of two on a phone. */
export const cardPictureSizes = '(max-width: 40rem) 50vw, 18rem';

export function ProductCard({
  product,
  categoryName,
  priority = false,
}: {
  product: ProductSummary;
  categoryName?: string | undefined;
  priority?: boolean;
}) {
  return (
    <article className="product-card">
      <ProductPicture image={product.image} sizes={cardPictureSizes} priority={priority} decorative />
      <h2>
        <Link to={paths.product(product.slug)}>{product.name}</Link>
      </h2>
      {categoryName && <p className="muted">{categoryName}</p>}
      <p className="price">from {formatCents(product.priceFromCents)}</p>
      <p className={product.inStock ? 'stock in-stock' : 'stock sold-out'}>
        {product.inStock ? 'In stock' : 'Sold out'}
      </p>
    </article>
  );
}
