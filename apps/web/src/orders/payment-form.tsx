import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { describeApiProblem } from '../api-errors/api-problem.ts';
import { ApiProblemMessage } from '../api-errors/api-problem-message.tsx';
import { newKey } from '../checkout/checkout-attempt.ts';
import { formatCents } from '../money.ts';
import { useTRPC } from '../trpc.ts';

interface Props {
  number: string;
  email: string;
  totalCents: number;
}

const thisYear = new Date().getFullYear();
const months = Array.from({ length: 12 }, (_, index) => index + 1);
const years = Array.from({ length: 12 }, (_, index) => thisYear + index);

/** Pays an order awaiting payment. Card details go to the API once and are never kept here. */
export function PaymentForm({ number, email, totalCents }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const orderKey = trpc.orders.get.queryKey({ number, email });
  // one key per attempt: "Try again" after a provider failure must not charge twice
  const attemptKey = useRef(newKey());
  const [card, setCard] = useState({ number: '', expMonth: '12', expYear: String(thisYear + 2), cvc: '' });
  const pay = useMutation(
    trpc.checkout.pay.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: orderKey }),
      onError(error) {
        // a declined card closed the order (its items went back on sale): show it as it is now
        if (describeApiProblem(error).kind === 'payment-declined') {
          void queryClient.invalidateQueries({ queryKey: orderKey });
        }
      },
    }),
  );
  const problem = pay.error ? describeApiProblem(pay.error) : null;

  function send() {
    pay.mutate({
      orderNumber: number,
      email,
      card: {
        number: card.number,
        expMonth: Number(card.expMonth),
        expYear: Number(card.expYear),
        cvc: card.cvc,
      },
      idempotencyKey: attemptKey.current,
    });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // changed card details are a new attempt; the same details again are the same one
    if (pay.error && problem?.kind !== 'payment-failed') attemptKey.current = newKey();
    send();
  }

  const update = (field: keyof typeof card) => (event: { target: { value: string } }) =>
    setCard((current) => ({ ...current, [field]: event.target.value }));
  const cardErrors = problem?.kind === 'invalid-input' ? problem.fieldErrors : undefined;

  return (
    <form className="stacked-form payment-form" onSubmit={submit} aria-labelledby="payment-heading">
      <h2 id="payment-heading">Pay {formatCents(totalCents)}</h2>
      <p className="hint">Test cards: 4242 4242 4242 4242 is approved, 4000 0000 0000 0002 is declined.</p>
      <label htmlFor="card-number">Card number</label>
      <input
        id="card-number"
        name="cardNumber"
        inputMode="numeric"
        autoComplete="cc-number"
        required
        value={card.number}
        onChange={update('number')}
      />
      <div className="inline-fields">
        <label>
          Month
          <select
            name="expMonth"
            autoComplete="cc-exp-month"
            value={card.expMonth}
            onChange={update('expMonth')}
          >
            {months.map((month) => (
              <option key={month} value={month}>
                {String(month).padStart(2, '0')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Year
          <select name="expYear" autoComplete="cc-exp-year" value={card.expYear} onChange={update('expYear')}>
            {years.map((year) => (
              <option key={year} value={year}>
                {year}
              </option>
            ))}
          </select>
        </label>
        <label>
          CVC
          <input
            name="cvc"
            inputMode="numeric"
            autoComplete="cc-csc"
            required
            maxLength={4}
            value={card.cvc}
            onChange={update('cvc')}
          />
        </label>
      </div>
      {cardErrors && (
        <p className="field-error" role="alert">
          Check the card number, expiry and CVC.
        </p>
      )}
      {problem && problem.kind !== 'invalid-input' && <ApiProblemMessage problem={problem} onRetry={send} />}
      <button type="submit" className="primary" disabled={pay.isPending}>
        {pay.isPending ? 'Paying…' : `Pay ${formatCents(totalCents)}`}
      </button>
    </form>
  );
}
