import { Link, NavLink, Outlet, ScrollRestoration } from 'react-router';
import { AccountNav } from '../account/account-nav.tsx';
import { CartLink } from '../cart/cart-link.tsx';
import { paths } from '../paths.ts';

export function SiteLayout() {
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="site-header">
        <Link to={paths.catalog} className="brand">
          Holdfast
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to={paths.catalog} end>
                Shop
              </NavLink>
            </li>
            <li>
              <NavLink to={paths.orderLookup} end>
                Find an order
              </NavLink>
            </li>
            <li>
              <CartLink />
            </li>
            <AccountNav />
          </ul>
        </nav>
      </header>
      <main id="content" tabIndex={-1}>
        <Outlet />
      </main>
      {/* a new page starts at its top; Back returns to where the list was left */}
      <ScrollRestoration />
      <footer className="site-footer">
        <p>Holdfast demo store. Prices in US dollars.</p>
      </footer>
    </>
  );
}
