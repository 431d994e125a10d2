import type { RouterOutputs } from '@holdfast/client';
import { Link } from 'react-router';
import { formatCents } from '../money.ts';
import { paths } from '../paths.ts';

type ProductSummary = RouterOutputs['catalog']['products']['items'][number];

export function ProductCard({ product, categoryName }: { product: ProductSummary; categoryName?: string }) {
  return (
    <article className="product-card">
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
