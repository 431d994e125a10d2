import { CatalogFiltersForm } from './catalog-filters-form.tsx';
import { useCatalogFilters } from './catalog-filters-state.ts';
import { FeaturedCategories } from './featured-categories.tsx';
import { ProductResults } from './product-results.tsx';

export function CatalogPage() {
  const { filters, updateFilters } = useCatalogFilters();
  const isHome = !filters.q && !filters.category;
  return (
    <section aria-labelledby="catalog-heading">
      <title>{filters.q ? `“${filters.q}” · Holdfast` : 'Shop · Holdfast'}</title>
      <h1 id="catalog-heading">{filters.q ? `Results for “${filters.q}”` : 'Shop'}</h1>
      {isHome && <FeaturedCategories />}
      <CatalogFiltersForm filters={filters} onChange={updateFilters} />
      <ProductResults filters={filters} />
    </section>
  );
}
