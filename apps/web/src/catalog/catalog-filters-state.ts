import type { RouterInputs } from '@holdfast/client';
import { useState } from 'react';
import { useLocation, useSearchParams } from 'react-router';

type ProductSearch = RouterInputs['catalog']['products'];
export type ProductSort = NonNullable<ProductSearch['sort']>;

export interface CatalogFilters {
  q: string;
  category: string;
  sort: ProductSort | '';
  inStockOnly: boolean;
}

const sorts: readonly string[] = ['relevance', 'price_asc', 'price_desc', 'newest'] satisfies ProductSort[];

/**
 * The filters live in the URL, so a search can be shared, bookmarked and restored with Back.
 * The form answers from state at once: the router renders a URL change in a transition, and a
 * checkbox bound to the URL alone would spring back until it lands.
 */
export function useCatalogFilters() {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const [filters, setFilters] = useState(() => filtersFrom(params));
  const [seenLocationKey, setSeenLocationKey] = useState(location.key);
  if (location.key !== seenLocationKey) {
    setSeenLocationKey(location.key);
    // Back, Forward or a link moved the URL somewhere these filters are not
    const fromUrl = filtersFrom(params);
    if (toParams(fromUrl).toString() !== toParams(filters).toString()) setFilters(fromUrl);
  }

  function updateFilters(change: Partial<CatalogFilters>) {
    const next = { ...filters, ...change };
    setFilters(next);
    setParams(toParams(next));
  }

  return { filters, updateFilters };
}

function filtersFrom(params: URLSearchParams): CatalogFilters {
  const sort = params.get('sort') ?? '';
  return {
    q: params.get('q') ?? '',
    category: params.get('category') ?? '',
    sort: sorts.includes(sort) ? (sort as ProductSort) : '',
    inStockOnly: params.get('inStock') === '1',
  };
}

function toParams(filters: CatalogFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.category) params.set('category', filters.category);
  if (filters.sort) params.set('sort', filters.sort);
  if (filters.inStockOnly) params.set('inStock', '1');
  return params;
}

export function productSearchInput(filters: CatalogFilters): ProductSearch {
  return {
    q: filters.q || undefined,
    category: filters.category || undefined,
    sort: filters.sort || undefined,
    inStock: filters.inStockOnly || undefined,
    limit: 24,
  };
}
