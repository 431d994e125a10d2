import { Link } from 'react-router';
import { paths } from '../paths.ts';

export function NotFoundPage() {
  return (
    <section>
      <title>Page not found · Holdfast</title>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link to={paths.catalog}>Browse the shop</Link>.
      </p>
    </section>
  );
}
