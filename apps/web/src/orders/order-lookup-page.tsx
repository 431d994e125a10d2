import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import type { OrderPageState } from '../checkout/use-place-order.ts';
import { paths } from '../paths.ts';

export function OrderLookupPage() {
  return (
    <section aria-labelledby="lookup-heading">
      <title>Find an order · Holdfast</title>
      <h1 id="lookup-heading">Find an order</h1>
      <p>Enter the order number from your confirmation and the email you ordered with.</p>
      <OrderLookupForm />
    </section>
  );
}

export function OrderLookupForm({
  initialNumber = '',
  initialEmail = '',
}: {
  initialNumber?: string;
  initialEmail?: string;
}) {
  const navigate = useNavigate();
  const [number, setNumber] = useState(initialNumber);
  const [email, setEmail] = useState(initialEmail);

  function lookUp(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // the email travels in history state, not the URL, so it stays out of logs and shared links
    const state: OrderPageState = { email: email.trim(), justPlaced: false };
    navigate(paths.order(number.trim().toUpperCase()), { state });
  }

  return (
    <form className="stacked-form" onSubmit={lookUp}>
      <label htmlFor="lookup-number">Order number</label>
      <input
        id="lookup-number"
        name="number"
        required
        maxLength={32}
        placeholder="HF-…"
        autoCapitalize="characters"
        value={number}
        onChange={(event) => setNumber(event.target.value)}
      />
      <label htmlFor="lookup-email">Email</label>
      <input
        id="lookup-email"
        type="email"
        name="email"
        autoComplete="email"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <button type="submit" className="primary">
        Find order
      </button>
    </form>
  );
}
