import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../trpc.ts';
import type { CatalogFilters, ProductSort } from './catalog-filters-state.ts';

interface Props {
  filters: CatalogFilters;
  onChange: (change: Partial<CatalogFilters>) => void;
}

export function CatalogFiltersForm({ filters, onChange }: Props) {
  const trpc = useTRPC();
  const categories = useQuery(trpc.catalog.categories.queryOptions());
  const [query, setQuery] = useState(filters.q);
  const [lastUrlQuery, setLastUrlQuery] = useState(filters.q);
  // Back/Forward changes the URL's query; the box follows it
  if (filters.q !== lastUrlQuery) {
    setLastUrlQuery(filters.q);
    setQuery(filters.q);
  }

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onChange({ q: query.trim() });
  }

  return (
    <div className="catalog-filters">
      <search>
        <form className="search-form" onSubmit={search}>
          <label htmlFor="catalog-search">Search products</label>
          <div className="search-row">
            <input
              id="catalog-search"
              type="search"
              name="q"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              placeholder="Name or description"
              autoComplete="off"
            />
            <button type="submit">Search</button>
          </div>
        </form>
      </search>
      <div className="filter-row">
        <label>
          Category
          <select value={filters.category} onChange={(event) => onChange({ category: event.target.value })}>
            <option value="">All categories</option>
            {categories.data?.map((category) => (
              <option key={category.id} value={category.slug}>
                {category.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sort by
          <select
            value={filters.sort}
            onChange={(event) => onChange({ sort: event.target.value as ProductSort | '' })}
          >
            <option value="">{filters.q ? 'Best match' : 'Newest'}</option>
            {filters.q && <option value="newest">Newest</option>}
            <option value="price_asc">Price: low to high</option>
            <option value="price_desc">Price: high to low</option>
          </select>
        </label>
        <label className="checkbox-label">
          <input
            type="checkbox"
            checked={filters.inStockOnly}
            onChange={(event) => onChange({ inStockOnly: event.target.checked })}
          />
          In stock only
        </label>
      </div>
    </div>
  );
}
