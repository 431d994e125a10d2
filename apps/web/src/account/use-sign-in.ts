import type { RouterOutputs } from '@holdfast/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { cartTokenStore } from '../cart/cart-token.ts';
import { useTRPC } from '../trpc.ts';

type SignedIn = RouterOutputs['account']['login'];

/**
 * Signing in and creating an account end the same way: the server has set the session cookie,
 * the guest cart was handed over (kept, or merged into the customer's cart), and everything
 * shown for the guest (cart, orders) is asked for again as the customer.
 */
export function useSignIn() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();

  function signedIn({ customer, cartToken }: SignedIn) {
    if (cartToken) cartTokenStore.save(cartToken);
    else cartTokenStore.forget();
    queryClient.setQueryData(trpc.account.me.queryKey(), customer);
    void queryClient.invalidateQueries(trpc.cart.pathFilter());
    void queryClient.invalidateQueries(trpc.orders.pathFilter());
  }

  const login = useMutation(trpc.account.login.mutationOptions({ onSuccess: signedIn }));
  const register = useMutation(trpc.account.register.mutationOptions({ onSuccess: signedIn }));
  // the cart filled as a guest goes along; an unknown or foreign token is simply ignored by the server
  const guestCart = () => cartTokenStore.read() ?? undefined;

  return {
    login: (email: string, password: string) =>
      login.mutateAsync({ email, password, cartToken: guestCart() }),
    register: (email: string, password: string) =>
      register.mutateAsync({ email, password, cartToken: guestCart() }),
    loginState: login,
    registerState: register,
  };
}
