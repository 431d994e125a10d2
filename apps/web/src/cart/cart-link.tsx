import { NavLink } from 'react-router';
import { paths } from '../paths.ts';
import { useCart } from './use-cart.ts';

export function CartLink() {
  const { cart } = useCart();
  const count = cart?.lines.reduce((sum, line) => sum + line.quantity, 0) ?? 0;
  return (
    <NavLink to={paths.cart} end>
      Cart{count > 0 && <span className="cart-count"> ({count})</span>}
    </NavLink>
  );
}
