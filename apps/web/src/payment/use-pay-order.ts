import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiProblem, describeApiProblem } from '../api-errors/api-problem.ts';
import { withLinePictures } from '../orders/with-line-pictures.ts';
import { useTRPC } from '../trpc.ts';
import { type CardDetails, forgetPaymentAttempt, paymentKeyFor } from './payment-attempt.ts';

/** No answer says what became of the attempt: only sending it again, with its key, can tell. */
export function paymentOutcomeUnknown(problem: ApiProblem | null): boolean {
  return (
    problem?.kind === 'unreachable' ||
    problem?.kind === 'unavailable' ||
    problem?.kind === 'payment-in-progress'
  );
}

/** Pays an order with a card, one idempotency key per attempt, and keeps the order's page in step with the outcome. */
export function usePayOrder(orderNumber: string, email: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mutation = useMutation(trpc.checkout.pay.mutationOptions());
  const orderFilter = trpc.orders.get.queryFilter({ number: orderNumber, email });

  function pay(card: CardDetails) {
    const idempotencyKey = paymentKeyFor(orderNumber, card);
    mutation.mutate(
      { orderNumber, email, card, idempotencyKey },
      {
        onSuccess({ payment, ...order }) {
          // still pending (the bank wants the customer to confirm): paying again must find this attempt
          if (payment.status !== 'pending') forgetPaymentAttempt(orderNumber);
          queryClient.setQueryData(trpc.orders.get.queryKey({ number: orderNumber, email }), (shown) =>
            withLinePictures(order, shown?.lines),
          );
          void queryClient.invalidateQueries(trpc.orders.mine.pathFilter());
        },
        onError(error) {
          const problem = describeApiProblem(error);
          if (paymentOutcomeUnknown(problem)) return;
          forgetPaymentAttempt(orderNumber);
          if (problem.kind === 'invalid-input') return;
          // a refusal may mean the order changed meanwhile (expired, cancelled, paid in another tab)
          void queryClient.invalidateQueries(orderFilter);
          void queryClient.invalidateQueries(trpc.orders.mine.pathFilter());
        },
      },
    );
  }

  return {
    pay,
    isPending: mutation.isPending,
    problem: mutation.error ? describeApiProblem(mutation.error) : null,
    /** The last successful answer: the order as paid, or with its payment pending confirmation. */
    result: mutation.data,
  };
}
