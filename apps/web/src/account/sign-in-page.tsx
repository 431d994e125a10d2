import { isHoldfastError } from '@holdfast/client';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { paths } from '../paths.ts';
import { useSignIn } from './use-account.ts';

function signInProblem(error: unknown, mode: 'login' | 'register'): string | null {
  if (!error) return null;
  if (!isHoldfastError(error) || !error.data)
    return 'We could not reach the store. Check your connection and try again.';
  switch (error.data.code) {
    case 'TOO_MANY_REQUESTS':
      return 'Too many attempts. Wait a minute, then try again.';
    case 'UNAUTHORIZED':
      return 'That email and password do not match an account.';
    case 'CONFLICT':
      return 'An account with that email already exists. Sign in instead.';
    case 'BAD_REQUEST':
      return mode === 'register'
        ? 'Use a valid email and a password of at least the length shown.'
        : 'Enter your email and password.';
    default:
      return error.message;
  }
}

export function SignInPage() {
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const account = useSignIn(mode);
  const navigate = useNavigate();
  const problem = signInProblem(account.error, mode);
  const title = mode === 'login' ? 'Sign in' : 'Create an account';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    try {
      await account.signIn(email.trim().toLowerCase(), password);
      navigate(paths.myOrders);
    } catch {
      // account.error is shown below
    }
  }

  return (
    <section aria-labelledby="sign-in-heading">
      <title>{`${title} · Holdfast`}</title>
      <h1 id="sign-in-heading">{title}</h1>
      <form className="stacked-form account-form" onSubmit={submit}>
        <label htmlFor="account-email">Email</label>
        <input
          id="account-email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <label htmlFor="account-password">Password</label>
        <input
          id="account-password"
          type="password"
          autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
          required
          minLength={mode === 'register' ? 8 : undefined}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {mode === 'register' && <p className="hint">At least 8 characters.</p>}
        {problem && (
          <p className="notice notice-error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="primary" disabled={account.isPending}>
          {title}
        </button>
      </form>
      <p>
        <button
          type="button"
          className="link-button"
          onClick={() => setMode(mode === 'login' ? 'register' : 'login')}
        >
          {mode === 'login' ? 'New here? Create an account' : 'Already have an account? Sign in'}
        </button>
      </p>
    </section>
  );
}
