import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router/dom';
import { storefrontRouter } from './routes.tsx';
import { createStorefrontClients, TRPCProvider } from './trpc.ts';

export function App() {
  const [{ queryClient, trpcClient }] = useState(createStorefrontClients);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider queryClient={queryClient} trpcClient={trpcClient}>
        <RouterProvider router={storefrontRouter} />
      </TRPCProvider>
    </QueryClientProvider>
  );
}
