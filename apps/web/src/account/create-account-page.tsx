import { Link } from 'react-router';
import { describeApiProblem } from '../api-errors/api-problem.ts';
import { paths } from '../paths.ts';
import { AccountForm } from './account-form.tsx';
import { AccountProblemMessage } from './account-problem-message.tsx';
import { useReturnTo } from './return-to.ts';
import { SignedInNotice } from './signed-in-notice.tsx';
import { useAccount } from './use-account.ts';
import { useSignIn } from './use-sign-in.ts';

// what the API asks of a new password (NIST: a length, no composition rules)
const passwordMinLength = 8;

export function CreateAccountPage() {
  const { customer } = useAccount();
  const { register, registerState } = useSignIn();
  const returnTo = useReturnTo();
  const problem = registerState.error ? describeApiProblem(registerState.error) : null;

  async function createAccount(email: string, password: string) {
    try {
      await register(email, password);
      returnTo.goBack();
    } catch {
      // shown from registerState.error
    }
  }

  return (
    <section aria-labelledby="create-account-heading" className="account-page">
      <title>Create an account · Holdfast</title>
      <h1 id="create-account-heading">Create an account</h1>
      {customer && !registerState.isSuccess ? (
        <SignedInNotice email={customer.email} />
      ) : (
        <>
          <p>With an account, every order you place is listed under My orders.</p>
          <AccountForm
            submitLabel="Create account"
            pendingLabel="Creating your account…"
            pending={registerState.isPending}
            passwordAutoComplete="new-password"
            passwordHint={`At least ${passwordMinLength} characters.`}
            passwordMinLength={passwordMinLength}
            problem={problem}
            formError={<AccountProblemMessage problem={problem} />}
            onSubmit={createAccount}
          />
          <p>
            Already have an account?{' '}
            <Link to={paths.signIn} state={returnTo.state}>
              Sign in
            </Link>
          </p>
        </>
      )}
    </section>
  );
}
