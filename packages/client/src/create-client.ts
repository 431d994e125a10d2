import type { AppRouter } from '@holdfast/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { LsnToken, lsnResponseHeader, minLsnRequestHeader } from './lsn-token.ts';

export interface HoldfastClientOptions {
  /** The API's tRPC endpoint, e.g. http://localhost:3000/trpc */
  url: string;
  /** Extra headers for every request (an Authorization header, say). */
  headers?: () => Record<string, string>;
  /** Defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Shared between clients that should see each other's writes; one is made per client otherwise. */
  lsnToken?: LsnToken;
}

/**
 * A typed client for the Holdfast API: superjson on the wire, calls batched, and
 * read-your-writes handled by carrying the server's WAL position between requests.
 */
export function createHoldfastClient(options: HoldfastClientOptions) {
  const lsnToken = options.lsnToken ?? new LsnToken();
  const baseFetch = options.fetch ?? globalThis.fetch;
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: options.url,
        transformer: superjson,
        headers() {
          const headers: Record<string, string> = { ...options.headers?.() };
          if (lsnToken.current) headers[minLsnRequestHeader] = lsnToken.current;
          return headers;
        },
        async fetch(input, init) {
          const response = await baseFetch(input, init as RequestInit);
          lsnToken.observe(response.headers.get(lsnResponseHeader));
          return response;
        },
      }),
    ],
  });
}

export type HoldfastClient = ReturnType<typeof createHoldfastClient>;
