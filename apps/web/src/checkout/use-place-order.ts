import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { describeApiProblem } from '../api-errors/api-problem.ts';
import { cartTokenStore } from '../cart/cart-token.ts';
import { withLinePictures } from '../orders/with-line-pictures.ts';
import { paths } from '../paths.ts';
import { useTRPC } from '../trpc.ts';
import { forgetCheckoutAttempt, type PlaceOrderInput } from './checkout-attempt.ts';

export interface OrderPageState {
  email: string;
  justPlaced: boolean;
}

/** Sends a checkout attempt, and on success moves to the order's confirmation. */
export function usePlaceOrder() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const mutation = useMutation(trpc.checkout.placeOrder.mutationOptions());

  function placeOrder(input: PlaceOrderInput) {
    const { cartToken, email } = input;
    mutation.mutate(input, {
      onSuccess(order) {
        const cart = queryClient.getQueryData(trpc.cart.get.queryKey({ token: cartToken }));
        queryClient.setQueryData(
          trpc.orders.get.queryKey({ number: order.number, email }),
          withLinePictures(order, cart?.lines),
        );
        forgetCheckoutAttempt(cartToken);
        cartTokenStore.forget();
        queryClient.removeQueries(trpc.cart.get.pathFilter());
        // placed while signed in, it belongs under My orders
        void queryClient.invalidateQueries(trpc.orders.mine.pathFilter());
        const state: OrderPageState = { email, justPlaced: true };
        navigate(paths.order(order.number), { replace: true, state });
      },
      onError(error) {
        const problem = describeApiProblem(error);
        // the cart on screen is out of date: show its lines as they are now
        if (problem.kind === 'price-changed' || problem.kind === 'insufficient-stock')
          void queryClient.invalidateQueries(trpc.cart.get.queryFilter({ token: cartToken }));
        // answered, and no order came of it: the attempt is over
        if (problem.kind !== 'unavailable' && problem.kind !== 'unreachable')
          forgetCheckoutAttempt(cartToken);
        if (problem.kind === 'not-found') cartTokenStore.forget();
      },
    });
  }

  return {
    placeOrder,
    isPending: mutation.isPending,
    problem: mutation.error ? describeApiProblem(mutation.error) : null,
  };
}
