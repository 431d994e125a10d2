import { isHoldfastError } from '@holdfast/client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc.ts';

/**
 * Who is signed in, from the httpOnly session cookie the server set (scripts cannot read it,
 * so the server is asked). A guest's answer is UNAUTHORIZED, which is no failure here.
 */
export function useAccount() {
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const signedOut = isHoldfastError(me.error) && me.error.data?.code === 'UNAUTHORIZED';
  return {
    customer: me.data,
    /** Still asking; pages that differ for guests wait for the answer instead of flashing "sign in". */
    isPending: me.isPending,
    signedOut,
  };
}
