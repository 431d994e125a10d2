import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { describeApiProblem } from '../api-errors/api-problem.ts';
import { ApiProblemMessage } from '../api-errors/api-problem-message.tsx';
import { formatCents } from '../money.ts';
import { paths } from '../paths.ts';
import { useTRPC } from '../trpc.ts';
import { AddToCartForm, firstChoice } from './add-to-cart-form.tsx';
import { ProductGallery } from './product-gallery.tsx';
import { ProductPageSkeleton } from './product-page-skeleton.tsx';

export function ProductPage() {
  const { slug = '' } = useParams();
  const trpc = useTRPC();
  const product = useQuery(trpc.catalog.product.queryOptions({ slug }));
  const [chosenVariantId, setChosenVariantId] = useState<number>();

  if (product.isPending) return <ProductPageSkeleton />;
  if (product.isError) {
    const problem = describeApiProblem(product.error);
    if (problem.kind === 'not-found')
      return (
        <section>
          <title>Product not found · Holdfast</title>
          <h1>Product not found</h1>
          <p>
            It may have been retired. <Link to={paths.catalog}>Browse the shop</Link>.
          </p>
        </section>
      );
    return <ApiProblemMessage problem={problem} onRetry={() => product.refetch()} />;
  }

  const { name, description, priceFromCents, variants, images } = product.data;
  return (
    <article className="product-detail" aria-labelledby="product-heading">
      <title>{`${name} · Holdfast`}</title>
      <p className="breadcrumb">
        <Link to={paths.catalog}>← Back to the shop</Link>
      </p>
      <div className="product-layout">
        {/* keyed: another product's gallery starts at its first picture */}
        <ProductGallery
          key={product.data.id}
          images={images}
          variantId={chosenVariantId ?? firstChoice(variants)}
        />
        <div className="buy-box">
          <h1 id="product-heading">{name}</h1>
          <p className="price">
            {variants.length > 1 ? 'from ' : ''}
            {formatCents(priceFromCents)}
          </p>
          <p className="description">{description}</p>
          {/* keyed: moving to another product (Back, Forward) starts its form afresh */}
          <AddToCartForm
            key={product.data.id}
            productName={name}
            variants={variants}
            onVariantChosen={setChosenVariantId}
          />
        </div>
      </div>
    </article>
  );
}
