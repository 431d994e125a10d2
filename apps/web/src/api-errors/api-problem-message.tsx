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
      {onRetry && (problem.kind === 'unavailable' || problem.kind === 'unreachable') && (
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
      return 'The card was declined and nothing was charged. The order still holds its items: pay with another card.';
    case 'payment-failed':
      return 'The payment did not go through, and nothing was charged. The order still holds its items: try again.';
    case 'payment-in-progress':
      return 'A payment for this order is under way. Wait a moment, then try again.';
    case 'order-not-payable':
      return `This order is ${statusText(problem.status)} and cannot be paid.`;
    case 'order-not-cancellable':
      return `This order is ${statusText(problem.status)} and cannot be cancelled.`;
    case 'rate-limited':
      return 'Too many attempts. Wait a minute, then try again.';
    case 'already-exists':
      return `That ${problem.field} is already taken.`;
    case 'registration-refused':
      return 'No account could be made with these details. If you already have one, sign in instead.';
    case 'insufficient-stock':
      return 'Some items are no longer available in the quantity you asked for.';
    case 'price-changed':
      return 'Prices changed since this page was loaded.';
    case 'invalid-input':
      // zod's own message is a list of issues meant for developers
      return 'Some details were not accepted. Please check them and try again.';
    case 'unauthorized':
    case 'not-found':
    case 'other':
      return problem.message;
  }
}

function statusText(status: string): string {
  return status.replaceAll('_', ' ');
}
