import { paths } from '../paths.ts';
import { AccountPage } from './account-page.tsx';
import { useSignIn } from './use-sign-in.ts';

// what the API asks of a new password (NIST: a length, no composition rules)
const passwordMinLength = 8;

export function CreateAccountPage() {
  const { register, registerState } = useSignIn();
  return (
    <AccountPage
      heading="Create an account"
      intro="With an account, every order you place is listed under My orders."
      action={registerState}
      send={register}
      form={{
        submitLabel: 'Create account',
        pendingLabel: 'Creating your account…',
        passwordAutoComplete: 'new-password',
        passwordHint: `At least ${passwordMinLength} characters.`,
        passwordMinLength,
      }}
      otherPage={{ question: 'Already have an account?', to: paths.signIn, label: 'Sign in' }}
    />
  );
}
