import type { CatalogLoadResult } from './catalog-load.ts';
import type { CheckoutRunResult } from './checkout-load.ts';
import type { PgbenchResult } from './pgbench.ts';
import type { CpuSpent } from './process-cpu.ts';

/**
 * The order each round runs the servers in: forwards, then backwards, and so on (A B C, C B A,
 * A B C). A shared host speeds up and slows down over a run; measured one after another, the
 * server measured last met a different host than the first (a baseline ran 2,171 requests/s
 * minutes after the API's 1,306, docs/benchmarks.md, pass 11). Alternating spreads a drift over
 * all of them, and a steady one cancels.
 */
export function roundOrders<T>(servers: readonly T[], rounds: number): T[][] {
  return Array.from({ length: rounds }, (_, round) =>
    round % 2 === 0 ? [...servers] : [...servers].reverse(),
  );
}

/** One round of a run, with the CPU it took (measureCpu). */
export type Measured<R> = { result: R } & CpuSpent;

const sum = <T>(items: readonly T[], field: (item: T) => number) =>
  items.reduce((total, item) => total + field(item), 0);

const middle = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? 0;

/**
 * One server's rounds as one run: what they served and the CPU they took add up, so rates and
 * CPU per operation weigh each round by what it served; `combine` says how for its results.
 */
export function combinedRounds<R>(runs: readonly Measured<R>[], combine: (results: R[]) => R): Measured<R> {
  return {
    result: combine(runs.map((run) => run.result)),
    serverCpuMs: sum(runs, (run) => run.serverCpuMs),
    primaryCpuMs: sum(runs, (run) => run.primaryCpuMs),
    replicaCpuMs: sum(runs, (run) => run.replicaCpuMs),
    benchCpuMs: sum(runs, (run) => run.benchCpuMs),
    benchChildrenCpuMs: sum(runs, (run) => run.benchChildrenCpuMs),
    wallMs: sum(runs, (run) => run.wallMs),
  };
}

/** Latency percentiles cannot be added: p50 is the rounds' median p50, p99 the worst round's p99. */
function combinedLatency(results: { latencyP50Ms: number; latencyP99Ms: number }[]) {
  return {
    latencyP50Ms: middle(results.map((result) => result.latencyP50Ms)),
    latencyP99Ms: Math.max(0, ...results.map((result) => result.latencyP99Ms)),
  };
}

export function combinedCatalogLoads(results: CatalogLoadResult[]): CatalogLoadResult {
  const requests = sum(results, (result) => result.requests);
  const durationS = sum(results, (result) => result.durationS);
  return {
    requests,
    durationS,
    requestsPerSec: durationS > 0 ? requests / durationS : 0,
    failures: sum(results, (result) => result.failures),
    ...combinedLatency(results),
  };
}

/** Orders per second over the rounds' windows together; a round whose carts ran out marks the whole run. */
export function combinedCheckouts(results: CheckoutRunResult[]): CheckoutRunResult {
  const ordersInWindow = sum(results, (result) => result.ordersInWindow);
  const windowS = sum(results, (result) => result.windowS);
  const failures: Record<string, number> = {};
  for (const result of results)
    for (const [failure, count] of Object.entries(result.failures))
      failures[failure] = (failures[failure] ?? 0) + count;
  return {
    ordersPerSec: windowS > 0 ? ordersInWindow / windowS : 0,
    ordersInWindow,
    ordersPlaced: sum(results, (result) => result.ordersPlaced),
    windowS,
    poolExhausted: results.some((result) => result.poolExhausted),
    ...combinedLatency(results),
    failures,
  };
}

/**
 * pgbench's tps leaves out connection time, so each round's own time is its transactions over
 * its tps: the rounds' tps is all their transactions over all that time, and their average
 * latency weighs each round by its transactions.
 */
export function combinedPgbench(results: PgbenchResult[]): PgbenchResult {
  const transactions = sum(results, (result) => result.transactions);
  const seconds = sum(results, (result) => (result.tps > 0 ? result.transactions / result.tps : 0));
  return {
    tps: seconds > 0 ? transactions / seconds : 0,
    transactions,
    failed: sum(results, (result) => result.failed),
    latencyAvgMs:
      transactions > 0
        ? sum(results, (result) => result.latencyAvgMs * result.transactions) / transactions
        : 0,
  };
}
