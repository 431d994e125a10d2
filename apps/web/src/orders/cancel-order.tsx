import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { describeApiProblem } from '../api-errors/api-problem.ts';
import { ApiProblemMessage } from '../api-errors/api-problem-message.tsx';
import { useTRPC } from '../trpc.ts';
import { withLinePictures } from './with-line-pictures.ts';

interface Props {
  number: string;
  email: string;
  /** While a payment is being sent: the server would refuse to cancel under it anyway. */
  disabled: boolean;
}

/** Gives up an unpaid order, after asking: its items go back on sale at once instead of when the hold runs out. */
export function CancelOrder({ number, email, disabled }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const cancel = useMutation(
    trpc.orders.cancel.mutationOptions({
      onSuccess(order) {
        queryClient.setQueryData(trpc.orders.get.queryKey({ number, email }), (shown) =>
          withLinePictures(order, shown?.lines),
        );
        void queryClient.invalidateQueries(trpc.orders.mine.pathFilter());
        // its stock is back on sale
        void queryClient.invalidateQueries(trpc.catalog.pathFilter());
      },
      onError(error) {
        // paid or closed meanwhile: show the order as it is now
        if (describeApiProblem(error).kind === 'order-not-cancellable')
          void queryClient.invalidateQueries(trpc.orders.get.queryFilter({ number, email }));
      },
    }),
  );

  useEffect(() => {
    // keyboard and screen reader users land on the question they just opened
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  if (!confirming)
    return (
      <p className="cancel-order">
        <button type="button" className="link-button" disabled={disabled} onClick={() => setConfirming(true)}>
          Cancel order
        </button>
      </p>
    );
  return (
    <div className="notice notice-warning cancel-order">
      <p id={`${id}-question`}>
        Cancel order {number}? Nothing will be charged, and its items go back on sale.
      </p>
      <div className="button-row">
        <button
          ref={confirmButton}
          type="button"
          aria-describedby={`${id}-question`}
          disabled={disabled || cancel.isPending}
          onClick={() => cancel.mutate({ number, email })}
        >
          {cancel.isPending ? 'Cancelling…' : 'Yes, cancel the order'}
        </button>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setConfirming(false);
            cancel.reset();
          }}
        >
          Keep the order
        </button>
      </div>
      {cancel.error && <ApiProblemMessage problem={describeApiProblem(cancel.error)} />}
    </div>
  );
}
