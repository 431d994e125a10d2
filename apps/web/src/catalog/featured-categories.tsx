import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { paths } from '../paths.ts';
import { useTRPC } from '../trpc.ts';

/** The home page's way into each department; one row of fixed height, so its arrival moves nothing. */
export function FeaturedCategories() {
  const trpc = useTRPC();
  const categories = useQuery(trpc.catalog.categories.queryOptions());
  return (
    <nav className="featured-categories" aria-labelledby="featured-heading">
      <h2 id="featured-heading">Departments</h2>
      <ul>
        {categories.data?.map((category) => (
          <li key={category.slug}>
            <Link to={`${paths.catalog}?category=${encodeURIComponent(category.slug)}`}>{category.name}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
