import { useId } from 'react';
import { Link } from 'react-router';
import { describeApiProblem } from '../api-errors/api-problem.ts';
import { AccountForm, type AccountFormProps } from './account-form.tsx';
import { AccountProblemMessage } from './account-problem-message.tsx';
import { useReturnTo } from './return-to.ts';
import { SignedInNotice } from './signed-in-notice.tsx';
import { useAccount } from './use-account.ts';

interface Props {
  heading: string;
  intro: string;
  /** The mutation that signs the caller in: its state, and the call. */
  action: { isPending: boolean; isSuccess: boolean; error: unknown };
  send: (email: string, password: string) => Promise<unknown>;
  form: Omit<AccountFormProps, 'pending' | 'problem' | 'formError' | 'onSubmit'>;
  /** The way to the other account page, for whoever landed on the wrong one. */
  otherPage: { question: string; to: string; label: string };
}

/**
 * Signing in and creating an account: one form, and back to where the caller came from once the
 * server has signed them in. Someone already signed in is told so instead.
 */
export function AccountPage({ heading, intro, action, send, form, otherPage }: Props) {
  const { customer } = useAccount();
  const returnTo = useReturnTo();
  const headingId = useId();
  const problem = action.error ? describeApiProblem(action.error) : null;

  async function submit(email: string, password: string) {
    try {
      await send(email, password);
      returnTo.goBack();
    } catch {
      // shown from action.error
    }
  }

  return (
    <section aria-labelledby={headingId} className="account-page">
      <title>{`${heading} · Holdfast`}</title>
      <h1 id={headingId}>{heading}</h1>
      {customer && !action.isSuccess ? (
        <SignedInNotice email={customer.email} />
      ) : (
        <>
          <p>{intro}</p>
          <AccountForm
            {...form}
            pending={action.isPending}
            problem={problem}
            formError={<AccountProblemMessage problem={problem} />}
            onSubmit={submit}
          />
          <p>
            {otherPage.question}{' '}
            <Link to={otherPage.to} state={returnTo.state}>
              {otherPage.label}
            </Link>
          </p>
        </>
      )}
    </section>
  );
}
