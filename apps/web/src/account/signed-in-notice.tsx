import { Link } from 'react-router';
import { paths } from '../paths.ts';

export function SignedInNotice({ email }: { email: string }) {
  return (
    <p className="notice notice-success">
      You are signed in as <strong>{email}</strong>. See <Link to={paths.myOrders}>your orders</Link> or{' '}
      <Link to={paths.catalog}>go shopping</Link>.
    </p>
  );
}
