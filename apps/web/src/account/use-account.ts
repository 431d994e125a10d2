import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { cartTokenStore } from '../cart/cart-token.ts';
import { useTRPC } from '../trpc.ts';

/**
 * Who is signed in. The session itself is an httpOnly cookie the server sets and clears, so the
 * page never holds the token; `account.me` answering UNAUTHORIZED just means nobody.
 */
export function useAccount() {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.account.me.queryOptions(), retry: false, staleTime: 60_000 });
  return me.data ?? null;
}

/** Sign in or create an account, bringing the guest cart along; then every query is asked again as the new caller. */
export function useSignIn(mode: 'login' | 'register') {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = { onSuccess: afterSignIn };
  const login = useMutation(trpc.account.login.mutationOptions(options));
  const register = useMutation(trpc.account.register.mutationOptions(options));
  const mutation = mode === 'login' ? login : register;

  function afterSignIn({ cartToken }: { cartToken: string | null }) {
    if (cartToken) cartTokenStore.save(cartToken);
    else cartTokenStore.forget();
    return queryClient.invalidateQueries();
  }

  return {
    signIn: (email: string, password: string) =>
      mutation.mutateAsync({ email, password, cartToken: cartTokenStore.read() ?? undefined }),
    isPending: mutation.isPending,
    error: mutation.error,
  };
}

export function useSignOut() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const logout = useMutation(
    trpc.account.logout.mutationOptions({
      onSuccess() {
        // the cart belonged to the account: a signed-out page starts a guest cart of its own
        cartTokenStore.forget();
        queryClient.clear();
      },
    }),
  );
  return () => logout.mutate();
}
