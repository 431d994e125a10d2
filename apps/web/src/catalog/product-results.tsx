import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { describeApiProblem } from '../api-errors/api-problem.ts';
import { ApiProblemMessage } from '../api-errors/api-problem-message.tsx';
import { useTRPC } from '../trpc.ts';
import { type CatalogFilters, productSearchInput } from './catalog-filters-state.ts';
import { LoadMoreTrigger } from './load-more-trigger.tsx';
import { ProductCard } from './product-card.tsx';
import { ProductGridSkeleton } from './product-grid-skeleton.tsx';

// what a desktop shows before scrolling: these pictures load at once, the rest as they come near
const firstScreenful = 8;

export function ProductResults({ filters }: { filters: CatalogFilters }) {
  const trpc = useTRPC();
  const categories = useQuery(trpc.catalog.categories.queryOptions());
  const products = useInfiniteQuery(
    trpc.catalog.products.infiniteQueryOptions(productSearchInput(filters), {
      getNextPageParam: (page) => page.nextCursor,
    }),
  );

  // a failed next page keeps the pages already loaded, so only a first-page failure replaces the list
  if (!products.data) {
    if (products.isError)
      return (
        <ApiProblemMessage problem={describeApiProblem(products.error)} onRetry={() => products.refetch()} />
      );
    return <ProductGridSkeleton />;
  }

  const items = products.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <p className="empty-state">No products match these filters.</p>;

  const categoryNames = new Map(categories.data?.map((category) => [category.slug, category.name]));
  return (
    <>
      <ul className="product-grid" aria-label="Products">
        {items.map((product, index) => (
          <li key={product.id}>
            <ProductCard
              product={product}
              categoryName={categoryNames.get(product.categorySlug)}
              priority={index < firstScreenful}
            />
          </li>
        ))}
      </ul>
      <LoadMoreTrigger
        hasMore={products.hasNextPage}
        loading={products.isFetchingNextPage}
        autoLoad={!products.isFetchNextPageError}
        onLoadMore={() => products.fetchNextPage()}
      />
      {products.isFetchNextPageError && (
        <ApiProblemMessage
          problem={describeApiProblem(products.error)}
          onRetry={() => products.fetchNextPage()}
        />
      )}
    </>
  );
}
