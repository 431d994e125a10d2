import { Link } from 'react-router';
import { describeApiProblem } from '../api-errors/api-problem.ts';
import { paths } from '../paths.ts';
import { AccountForm } from './account-form.tsx';
import { AccountProblemMessage } from './account-problem-message.tsx';
import { useReturnTo } from './return-to.ts';
import { SignedInNotice } from './signed-in-notice.tsx';
import { useAccount } from './use-account.ts';
import { useSignIn } from './use-sign-in.ts';

export function SignInPage() {
  const { customer } = useAccount();
  const { login, loginState } = useSignIn();
  const returnTo = useReturnTo();
  const problem = loginState.error ? describeApiProblem(loginState.error) : null;

  async function signIn(email: string, password: string) {
    try {
      await login(email, password);
      returnTo.goBack();
    } catch {
      // shown from loginState.error
    }
  }

  return (
    <section aria-labelledby="sign-in-heading" className="account-page">
      <title>Sign in · Holdfast</title>
      <h1 id="sign-in-heading">Sign in</h1>
      {customer && !loginState.isSuccess ? (
        <SignedInNotice email={customer.email} />
      ) : (
        <>
          <p>Sign in to see your orders. Anything in your cart comes with you.</p>
          <AccountForm
            submitLabel="Sign in"
            pendingLabel="Signing in…"
            pending={loginState.isPending}
            passwordAutoComplete="current-password"
            problem={problem}
            formError={<AccountProblemMessage problem={problem} />}
            onSubmit={signIn}
          />
          <p>
            New here?{' '}
            <Link to={paths.createAccount} state={returnTo.state}>
              Create an account
            </Link>
          </p>
        </>
      )}
    </section>
  );
}
