import { NavLink } from 'react-router';
import { paths } from '../paths.ts';
import { useAccount, useSignOut } from './use-account.ts';

/** The header's account corner: Sign in, or who is signed in with their orders and Sign out. */
export function AccountLinks() {
  const account = useAccount();
  const signOut = useSignOut();
  if (!account)
    return (
      <li>
        <NavLink to={paths.signIn}>Sign in</NavLink>
      </li>
    );
  return (
    <>
      <li>
        <NavLink to={paths.myOrders}>My orders</NavLink>
      </li>
      <li>
        <button type="button" className="link-button" onClick={signOut} title={account.email}>
          Sign out
        </button>
      </li>
    </>
  );
}
