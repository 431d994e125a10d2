import { isHoldfastError, type RouterOutputs } from '@holdfast/client';
import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTRPC } from '../trpc.ts';
import { cartTokenStore, useCartToken } from './cart-token.ts';

export type CartView = RouterOutputs['cart']['get'];
export type CartLine = CartView['lines'][number];

/**
 * The guest cart, if this browser has one. `fresh` refetches it on mount: checkout shows the
 * total it is about to send, so it must not be a cached one.
 */
export function useCart({ fresh = false } = {}) {
  const trpc = useTRPC();
  const token = useCartToken();
  const query = useQuery(
    trpc.cart.get.queryOptions(token ? { token } : skipToken, fresh ? { staleTime: 0 } : {}),
  );
  const cartIsGone = isHoldfastError(query.error) && query.error.data?.code === 'NOT_FOUND';
  useEffect(() => {
    // an old token (the cart was ordered or the database reset): start afresh on the next add
    if (cartIsGone) cartTokenStore.forget();
  }, [cartIsGone]);
  return { token, query, cart: token ? query.data : undefined };
}

/** Sets a line's quantity (0 removes it), creating the cart on the first add. */
export function useSetCartQuantity() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const createCart = useMutation(trpc.cart.create.mutationOptions());
  const setItem = useMutation(
    trpc.cart.setItem.mutationOptions({
      async onSuccess(cart, { token }) {
        // a read that left before this write (a new cart is fetched as soon as its token is saved)
        // would land after it and show the cart as it was
        await queryClient.cancelQueries(trpc.cart.get.queryFilter({ token }));
        queryClient.setQueryData(trpc.cart.get.queryKey({ token }), cart);
      },
    }),
  );

  async function newCart(): Promise<string> {
    const { token } = await createCart.mutateAsync();
    cartTokenStore.save(token);
    return token;
  }

  async function setQuantity(variantId: number, quantity: number): Promise<CartView> {
    const token = cartTokenStore.read();
    if (!token) return setItem.mutateAsync({ token: await newCart(), variantId, quantity });
    try {
      return await setItem.mutateAsync({ token, variantId, quantity });
    } catch (error) {
      // the stored cart may be gone (ordered, or the database was reset): one retry on a new cart
      if (!isHoldfastError(error) || error.data?.code !== 'NOT_FOUND' || quantity === 0) throw error;
      return setItem.mutateAsync({ token: await newCart(), variantId, quantity });
    }
  }

  return {
    setQuantity,
    isPending: createCart.isPending || setItem.isPending,
    error: createCart.error ?? setItem.error,
    reset: () => {
      createCart.reset();
      setItem.reset();
    },
  };
}
