import type { ApiProblem } from './api-problem.ts';

interface Props {
  problem: ApiProblem;
  /** Offered when asking again may help; checkout passes a retry that reuses its idempotency key. */
  onRetry?: () => void;
}

/** The message for problems every page can meet; checkout and cart handle stock and price themselves. */
export function ApiProblemMessage({ problem, onRetry }: Props) {
  return (
    <div className="notice notice-error" role="alert">
      <p>{problemText(problem)}</p>
      {onRetry && ['unavailable', 'unreachable', 'payment-failed'].includes(problem.kind) && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

function problemText(problem: ApiProblem): string {
  switch (problem.kind) {
    case 'unavailable':
      return 'The store is briefly unavailable. Nothing was charged and nothing was saved. Please try again in a moment.';
    case 'unreachable':
      return 'We could not reach the store. Check your connection and try again.';
    case 'cart-empty':
      return 'Your cart is empty.';
    case 'payment-declined':
      return 'Your card was declined. The order was not paid and its items were released; you can order them again.';
    case 'payment-failed':
      return 'The payment could not be completed. You were not charged twice: paying again repeats the same attempt.';
    case 'payment-in-progress':
      return 'This order is being paid right now. Wait a moment, then reload the page.';
    case 'insufficient-stock':
      return 'Some items are no longer available in the quantity you asked for.';
    case 'price-changed':
      return 'Prices changed since this page was loaded.';
    case 'invalid-input':
      // zod's own message is a list of issues meant for developers
      return 'Some details were not accepted. Please check them and try again.';
    case 'not-found':
    case 'other':
      return problem.message;
  }
}
