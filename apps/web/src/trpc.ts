import { type AppRouter, createHoldfastClient, isHoldfastError } from '@holdfast/client';
import { QueryClient } from '@tanstack/react-query';
import { createTRPCContext } from '@trpc/tanstack-react-query';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export function createStorefrontClients() {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // an answer such as "not found" or "bad input" will not change by asking again
        retry: (failureCount, error) => failureCount < 2 && !isClientMistake(error),
      },
    },
  });
  // same origin: the server hosts the storefront, and in dev Vite proxies /trpc to it
  const trpcClient = createHoldfastClient({ url: '/trpc' });
  return { queryClient, trpcClient };
}

function isClientMistake(error: unknown): boolean {
  const status = isHoldfastError(error) ? error.data?.httpStatus : undefined;
  return status !== undefined && status >= 400 && status < 500;
}
