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

interface ListedProduct {
  image: { alt: string; width: number; height: number } | null;
}

/** The baseline only means something if it answers the same rows: checked once for every input used. */
export async function sameAnswers(
  apiOrigin: string,
  baselineOrigin: string,
  inputs: CatalogInput[],
): Promise<{ same: boolean; firstDifference?: string }> {
  const items = async (url: string) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    const body = (await response.json()) as { result: { data: { json: { items: ListedProduct[] } } } };
    // the baseline sends a picture as the database has it, the API as URLs made from it: the
    // rows are the same when everything but the URLs is
    return JSON.stringify(
      body.result.data.json.items.map(({ image, ...row }) => ({
        ...row,
        image: image && { alt: image.alt, width: image.width, height: image.height },
      })),
    );
  };
  for (const input of inputs) {
    const [api, baseline] = await Promise.all([
      items(apiOrigin + productsPath('/trpc', input)),
      items(baselineOrigin + productsPath('', input)),
    ]);
    if (api !== baseline) return { same: false, firstDifference: JSON.stringify(input) };
  }
  return { same: true };
}
