import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ApiProblem } from '../api-errors/api-problem.ts';
import { ApiProblemMessage } from '../api-errors/api-problem-message.tsx';
import { paths } from '../paths.ts';

/** What a sign-in or sign-up refusal means to the person at the form; field errors are shown at their fields. */
export function AccountProblemMessage({ problem }: { problem: ApiProblem | null }) {
  if (!problem || problem.kind === 'invalid-input') return null;
  switch (problem.kind) {
    case 'unauthorized':
      // the server gives one answer for an unknown email and a wrong password, and so does this
      return <Alert>Wrong email or password. Check both and try again.</Alert>;
    case 'rate-limited':
      return <Alert>Too many attempts. Wait a minute, then try again.</Alert>;
    case 'registration-refused':
      // the server does not say whether the email has an account, and neither does this
      return (
        <Alert>
          No account could be made with these details. If you already have one,{' '}
          <Link to={paths.signIn}>sign in</Link> instead.
        </Alert>
      );
    default:
      return <ApiProblemMessage problem={problem} />;
  }
}

function Alert({ children }: { children: ReactNode }) {
  return (
    <p className="notice notice-error" role="alert">
      {children}
    </p>
  );
}
