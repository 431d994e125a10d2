import autocannon from 'autocannon';
import type { CatalogQuery } from './catalog-sql.ts';

export interface CatalogLoadResult {
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  /** How long the load ran, as autocannon timed it. */
  durationS: number;
  /** Non-2xx answers and connection errors: any makes the run suspect. */
  failures: number;
}

export type CatalogInput = Omit<CatalogQuery, 'limit'>;

/** tRPC's GET form: the input, superjson-encoded (plain JSON needs no meta), in ?input=. */
export function productsPath(prefix: string, input: CatalogInput): string {
  return `${prefix}/catalog.products?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
}

/**
 * Each autocannon connection walks through the list of requests in turn, so the load covers
 * every word or category rather than one cached answer.
 */
export async function runCatalogLoad(
  origin: string,
  paths: string[],
  connections: number,
  durationS: number,
): Promise<CatalogLoadResult> {
  const result = await autocannon({
    url: origin,
    connections,
    duration: durationS,
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  return {
    requestsPerSec: result['2xx'] / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result['2xx'],
    durationS: result.duration,
    failures: result.non2xx + result.errors,
  };
}

/** The baseline only means something if it gives the same answer: checked once for every input used. */
export async function sameAnswers(
  apiOrigin: string,
  baselineOrigin: string,
  inputs: CatalogInput[],
): Promise<{ same: boolean; firstDifference?: string }> {
  const page = async (url: string) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    // the page as sent (items, their pictures' URLs, the cursor); the envelopes differ only in
    // what tRPC adds around an answer
    const body = (await response.json()) as { result: { data: { json: unknown } } };
    return JSON.stringify(body.result.data.json);
  };
  for (const input of inputs) {
    const [api, baseline] = await Promise.all([
      page(apiOrigin + productsPath('/trpc', input)),
      page(baselineOrigin + productsPath('', input)),
    ]);
    if (api !== baseline) return { same: false, firstDifference: JSON.stringify(input) };
  }
  return { same: true };
}
