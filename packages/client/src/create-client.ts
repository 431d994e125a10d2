import type { AppRouter } from '@holdfast/api';
import { maxBatchSize } from '@holdfast/api/batch-limit';
import { readPositionsHeader, writtenPositionsHeader } from '@holdfast/api/read-positions';
import { createTRPCClient, httpBatchLink, httpLink, splitLink } from '@trpc/client';
import superjson from 'superjson';
import { LsnToken } from './lsn-token.ts';

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
 * A typed client for the Holdfast API: superjson on the wire, queries batched, and
 * read-your-writes handled by carrying the server's WAL position between requests.
 */
export function createHoldfastClient(options: HoldfastClientOptions) {
  const lsnToken = options.lsnToken ?? new LsnToken();
  const baseFetch = options.fetch ?? globalThis.fetch;
  const transport = {
    url: options.url,
    transformer: superjson,
    headers() {
      const headers: Record<string, string> = { ...options.headers?.() };
      if (lsnToken.current) headers[readPositionsHeader] = lsnToken.current;
      return headers;
    },
    async fetch(input, init) {
      const response = await baseFetch(input, init as RequestInit);
      lsnToken.observe(response.headers.get(writtenPositionsHeader));
      return response;
    },
  } satisfies Parameters<typeof httpLink<AppRouter>>[0];
  return createTRPCClient<AppRouter>({
    links: [
      // a batch waits a timer tick (1 ms or more) to collect the calls a page makes together; a
      // mutation is one action (an order, a cart change) and goes at once, in its own request
      splitLink({
        condition: (operation) => operation.type === 'mutation',
        true: httpLink(transport),
        false: httpBatchLink({ ...transport, maxItems: maxBatchSize }),
      }),
    ],
  });
}

export type HoldfastClient = ReturnType<typeof createHoldfastClient>;
