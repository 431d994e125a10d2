import { NavLink, useLocation } from 'react-router';
import { paths } from '../paths.ts';
import type { ReturnToState } from './return-to.ts';
import { useAccount } from './use-account.ts';
import { useSignOut } from './use-sign-out.ts';

/** The header's account items: who is signed in with their orders and a way out, or a way in. */
export function AccountNav() {
  const { customer, isPending } = useAccount();
  const signOut = useSignOut();
  const location = useLocation();

  // nothing until the server has answered, rather than a "Sign in" that turns into an email
  if (isPending) return null;
  if (!customer) {
    const onAccountPage = location.pathname === paths.signIn || location.pathname === paths.createAccount;
    const state: ReturnToState = {
      returnTo: onAccountPage ? undefined : location.pathname + location.search,
    };
    return (
      <li>
        <NavLink to={paths.signIn} state={state} end>
          Sign in
        </NavLink>
      </li>
    );
  }
  return (
    <>
      <li className="signed-in-as">
        <span className="visually-hidden">Signed in as </span>
        <span className="account-email">{customer.email}</span>
      </li>
      <li>
        <NavLink to={paths.myOrders} end>
          My orders
        </NavLink>
      </li>
      <li>
        <button
          type="button"
          className="link-button"
          disabled={signOut.isPending}
          onClick={() => signOut.mutate()}
        >
          {signOut.isPending ? 'Signing out…' : 'Sign out'}
        </button>
        {signOut.isError && (
          <span className="field-error" role="alert">
            {' '}
            Could not sign out. Try again.
          </span>
        )}
      </li>
    </>
  );
}
