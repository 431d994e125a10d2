import { useMutation, useQueryClient } from '@tanstack/react-query';
import { describeApiProblem } from '../api-errors/api-problem.ts';
import { ApiProblemMessage } from '../api-errors/api-problem-message.tsx';
import { useTRPC } from '../trpc.ts';

/** Gives up an unpaid order: its items go back on sale at once instead of when the hold runs out. */
export function CancelOrderButton({ number, email }: { number: string; email: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cancel = useMutation(
    trpc.orders.cancel.mutationOptions({
      onSuccess: (order) => queryClient.setQueryData(trpc.orders.get.queryKey({ number, email }), order),
    }),
  );
  return (
    <div>
      <button
        type="button"
        className="link-button"
        disabled={cancel.isPending}
        onClick={() => cancel.mutate({ number, email })}
      >
        Cancel this order
      </button>
      {cancel.error && <ApiProblemMessage problem={describeApiProblem(cancel.error)} />}
    </div>
  );
}
