import { paths } from '../paths.ts';
import { AccountPage } from './account-page.tsx';
import { useSignIn } from './use-sign-in.ts';

export function SignInPage() {
  const { login, loginState } = useSignIn();
  return (
    <AccountPage
      heading="Sign in"
      intro="Sign in to see your orders. Anything in your cart comes with you."
      action={loginState}
      send={login}
      form={{ submitLabel: 'Sign in', pendingLabel: 'Signing in…', passwordAutoComplete: 'current-password' }}
      otherPage={{ question: 'New here?', to: paths.createAccount, label: 'Create an account' }}
    />
  );
}
