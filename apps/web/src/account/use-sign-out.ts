import { useMutation, useQueryClient } from '@tanstack/react-query';
import { cartTokenStore } from '../cart/cart-token.ts';
import { useTRPC } from '../trpc.ts';

/** Ends the session (the server clears its cookie) and forgets everything that was the customer's. */
export function useSignOut() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.account.logout.mutationOptions({
      async onSuccess() {
        // the cart belongs to the account now: as a guest this browser could not open it anyway
        cartTokenStore.forget();
        queryClient.removeQueries(trpc.cart.pathFilter());
        // who is signed in first: pages for customers only stop asking for their data before it is dropped
        await queryClient.resetQueries(trpc.account.me.queryFilter());
        // an account's orders show to that account only; an open order page asks again, as a guest
        await queryClient.resetQueries(trpc.orders.pathFilter());
      },
    }),
  );
}
