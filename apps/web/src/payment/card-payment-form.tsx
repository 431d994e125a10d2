import { type FormEvent, useId, useState } from 'react';
import type { ApiProblem } from '../api-errors/api-problem.ts';
import { ApiProblemMessage } from '../api-errors/api-problem-message.tsx';
import { formatCents } from '../money.ts';
import { groupedCardNumber, parseExpiry } from './card-input.ts';
import type { CardDetails } from './payment-attempt.ts';
import { TestCardsNote } from './test-cards-note.tsx';
import { paymentOutcomeUnknown } from './use-pay-order.ts';

interface Props {
  totalCents: number;
  pending: boolean;
  /** The last attempt's refusal; declines and failures are shown by the page, not here. */
  problem: ApiProblem | null;
  onPay: (card: CardDetails) => void;
}

/** Card details live in this form's state only: they go to the API once per attempt and are never stored. */
export function CardPaymentForm({ totalCents, pending, problem, onPay }: Props) {
  const id = useId();
  const [cardNumber, setCardNumber] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cvc, setCvc] = useState('');
  const [expiryError, setExpiryError] = useState(false);
  const [cvcError, setCvcError] = useState(false);
  const cardErrors = problem?.kind === 'invalid-input' ? problem.fieldErrors.card : undefined;
  const retrying = paymentOutcomeUnknown(problem);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseExpiry(expiry);
    const cvcDigits = cvc.trim();
    const cvcValid = /^\d{3,4}$/.test(cvcDigits);
    setExpiryError(!parsed);
    setCvcError(!cvcValid);
    if (parsed && cvcValid) onPay({ number: cardNumber, ...parsed, cvc: cvcDigits });
  }

  return (
    // noValidate: the browser's own bubbles are easy to miss (an expiry typed 0131 blocked Pay silently);
    // the form says what is wrong beside the field instead
    <form
      className="checkout-form payment-form"
      onSubmit={submit}
      aria-labelledby={`${id}-heading`}
      noValidate
    >
      <h2 id={`${id}-heading`}>Pay by card</h2>
      <label htmlFor={`${id}-number`}>Card number</label>
      <input
        id={`${id}-number`}
        name="cardnumber"
        inputMode="numeric"
        autoComplete="cc-number"
        required
        maxLength={23}
        placeholder="1234 1234 1234 1234"
        value={cardNumber}
        onChange={(event) => setCardNumber(groupedCardNumber(event.target.value))}
        aria-invalid={cardErrors ? true : undefined}
        aria-describedby={cardErrors ? `${id}-card-error` : undefined}
      />
      <div className="card-row">
        <div>
          <label htmlFor={`${id}-expiry`}>Expiry (MM/YY)</label>
          <input
            id={`${id}-expiry`}
            name="exp-date"
            inputMode="numeric"
            autoComplete="cc-exp"
            required
            placeholder="MM/YY"
            value={expiry}
            onChange={(event) => setExpiry(event.target.value)}
            aria-invalid={expiryError ? true : undefined}
            aria-describedby={expiryError ? `${id}-expiry-error` : undefined}
          />
        </div>
        <div>
          <label htmlFor={`${id}-cvc`}>CVC</label>
          <input
            id={`${id}-cvc`}
            name="cvc"
            inputMode="numeric"
            autoComplete="cc-csc"
            required
            maxLength={6}
            value={cvc}
            onChange={(event) => setCvc(event.target.value)}
            aria-invalid={cvcError ? true : undefined}
            aria-describedby={cvcError ? `${id}-cvc-error` : undefined}
          />
        </div>
      </div>
      {expiryError && (
        <p id={`${id}-expiry-error`} className="field-error" role="alert">
          Enter the expiry as month and year, for example 08/29.
        </p>
      )}
      {cvcError && (
        <p id={`${id}-cvc-error`} className="field-error" role="alert">
          The CVC is the 3 or 4 digits on the back of the card.
        </p>
      )}
      {cardErrors && (
        <p id={`${id}-card-error`} className="field-error" role="alert">
          {cardErrors.join(' ')}
        </p>
      )}

      {(problem?.kind === 'unreachable' || problem?.kind === 'unavailable') && (
        <div className="notice notice-error" role="alert">
          <p>
            {problem.kind === 'unreachable'
              ? 'We could not reach the store'
              : 'The store is briefly unavailable'}
            , so we cannot tell whether the payment went through. Trying again is safe: it repeats the same
            payment attempt, and you will never be charged twice.
          </p>
        </div>
      )}
      {problem?.kind === 'payment-in-progress' && (
        <div className="notice notice-warning" role="alert">
          <p>
            A payment for this order is already under way, perhaps in another tab. Wait a moment and try
            again: you will get its outcome, and you will not be charged twice.
          </p>
        </div>
      )}
      {problem && ['unauthorized', 'not-found', 'other', 'order-not-payable'].includes(problem.kind) && (
        <ApiProblemMessage problem={problem} />
      )}

      <button type="submit" className="primary" disabled={pending}>
        {pending
          ? 'Paying…'
          : retrying
            ? `Try again · ${formatCents(totalCents)}`
            : `Pay ${formatCents(totalCents)}`}
      </button>
      <TestCardsNote />
    </form>
  );
}
