import type { CatalogLoadResult } from './catalog-load.ts';
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

export type MeasuredLoad = { result: CatalogLoadResult } & CpuSpent;

const middle = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? 0;

/**
 * One server's rounds as one run: requests, failures, time and CPU add up, so rates and CPU per
 * request weigh each round by what it served. Latency percentiles cannot be added: p50 is the
 * rounds' median p50, p99 the worst round's p99.
 */
export function combinedRounds(runs: readonly MeasuredLoad[]): MeasuredLoad {
  const sum = (field: (run: MeasuredLoad) => number) => runs.reduce((total, run) => total + field(run), 0);
  const requests = sum((run) => run.result.requests);
  const durationS = sum((run) => run.result.durationS);
  return {
    result: {
      requests,
      durationS,
      requestsPerSec: durationS > 0 ? requests / durationS : 0,
      failures: sum((run) => run.result.failures),
      latencyP50Ms: middle(runs.map((run) => run.result.latencyP50Ms)),
      latencyP99Ms: Math.max(0, ...runs.map((run) => run.result.latencyP99Ms)),
    },
    serverCpuMs: sum((run) => run.serverCpuMs),
    primaryCpuMs: sum((run) => run.primaryCpuMs),
    replicaCpuMs: sum((run) => run.replicaCpuMs),
    benchCpuMs: sum((run) => run.benchCpuMs),
    benchChildrenCpuMs: sum((run) => run.benchChildrenCpuMs),
    wallMs: sum((run) => run.wallMs),
  };
}
