import { type FormEvent, type ReactNode, useId, useState } from 'react';
import type { ApiProblem } from '../api-errors/api-problem.ts';

export interface AccountFormProps {
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  /** The password manager's hint: `current-password` to sign in, `new-password` to choose one. */
  passwordAutoComplete: 'current-password' | 'new-password';
  passwordHint?: string;
  /** At least this many characters, checked before sending (the server checks too). */
  passwordMinLength?: number;
  problem: ApiProblem | null;
  /** What went wrong that is not about one field, already worded for this form. */
  formError: ReactNode;
  onSubmit: (email: string, password: string) => void;
}

/** Email and password, with the server's per-field complaints next to their fields. */
export function AccountForm(props: AccountFormProps) {
  const { problem, passwordHint, formError } = props;
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const fieldErrors = problem?.kind === 'invalid-input' ? problem.fieldErrors : {};
  const emailErrors = fieldErrors.email;
  const passwordErrors = fieldErrors.password;
  const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    props.onSubmit(email.trim(), password);
  }

  return (
    <form className="stacked-form" onSubmit={submit}>
      <label htmlFor={`${id}-email`}>Email</label>
      <input
        id={`${id}-email`}
        type="email"
        name="email"
        autoComplete="username"
        required
        maxLength={320}
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        aria-invalid={emailErrors ? true : undefined}
        aria-describedby={describedBy(emailErrors && `${id}-email-error`)}
      />
      {emailErrors && (
        <p id={`${id}-email-error`} className="field-error">
          {emailErrors.join(' ')}
        </p>
      )}
      <label htmlFor={`${id}-password`}>Password</label>
      <input
        id={`${id}-password`}
        type="password"
        name="password"
        autoComplete={props.passwordAutoComplete}
        required
        minLength={props.passwordMinLength}
        maxLength={256}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        aria-invalid={passwordErrors ? true : undefined}
        aria-describedby={describedBy(
          passwordHint && `${id}-password-hint`,
          passwordErrors && `${id}-password-error`,
        )}
      />
      {passwordHint && (
        <p id={`${id}-password-hint`} className="hint">
          {passwordHint}
        </p>
      )}
      {passwordErrors && (
        <p id={`${id}-password-error`} className="field-error">
          {passwordErrors.join(' ')}
        </p>
      )}
      {formError}
      <button type="submit" className="primary" disabled={props.pending}>
        {props.pending ? props.pendingLabel : props.submitLabel}
      </button>
    </form>
  );
}
