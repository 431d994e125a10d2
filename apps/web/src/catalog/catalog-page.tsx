import { CatalogFiltersForm } from './catalog-filters-form.tsx';
import { useCatalogFilters } from './catalog-filters-state.ts';
import { ProductResults } from './product-results.tsx';

export function CatalogPage() {
  const { filters, updateFilters } = useCatalogFilters();
  return (
    <section aria-labelledby="catalog-heading">
      <title>{filters.q ? `“${filters.q}” · Holdfast` : 'Shop · Holdfast'}</title>
      <h1 id="catalog-heading">{filters.q ? `Results for “${filters.q}”` : 'Shop'}</h1>
      <CatalogFiltersForm filters={filters} onChange={updateFilters} />
      <ProductResults filters={filters} />
    </section>
  );
}
