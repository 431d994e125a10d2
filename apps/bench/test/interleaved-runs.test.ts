import { describe, expect, it } from 'vitest';
import type { CatalogLoadResult } from '../src/catalog-load.ts';
import type { CheckoutRunResult } from '../src/checkout-load.ts';
import {
  combinedCatalogLoads,
  combinedCheckouts,
  combinedPgbench,
  combinedRounds,
  type Measured,
  roundOrders,
} from '../src/interleaved-runs.ts';

const run = (
  requests: number,
  durationS: number,
  p50: number,
  p99: number,
  serverCpuMs: number,
): Measured<CatalogLoadResult> => ({
  result: {
    requests,
    durationS,
    requestsPerSec: requests / durationS,
    latencyP50Ms: p50,
    latencyP99Ms: p99,
    failures: 0,
  },
  serverCpuMs,
  primaryCpuMs: 1,
  replicaCpuMs: 2,
  benchCpuMs: 3,
  benchChildrenCpuMs: 0,
  wallMs: durationS * 1000,
});

describe('interleaved runs', () => {
  it('runs the servers forwards, then backwards, so none is always measured last', () => {
    expect(roundOrders(['api', 'procedure', 'baseline'], 3)).toEqual([
      ['api', 'procedure', 'baseline'],
      ['baseline', 'procedure', 'api'],
      ['api', 'procedure', 'baseline'],
    ]);
  });

  it("adds a server's rounds up: its rate is all it served over all its time, its CPU per request the same", () => {
    const combined = combinedRounds(
      [run(3000, 3, 40, 90, 1500), run(1000, 3, 80, 200, 700), run(2000, 4, 50, 100, 900)],
      combinedCatalogLoads,
    );
    expect(combined.result.requests).toBe(6000);
    expect(combined.result.durationS).toBe(10);
    expect(combined.result.requestsPerSec).toBe(600);
    expect(combined.serverCpuMs).toBe(3100);
    expect(combined.replicaCpuMs).toBe(6);
    expect(combined.wallMs).toBe(10_000);
    // percentiles do not add: the middle round's p50 and the worst round's p99
    expect(combined.result.latencyP50Ms).toBe(50);
    expect(combined.result.latencyP99Ms).toBe(200);
  });

  it('adds checkout rounds up: orders over the windows together, failures by kind, a round that ran dry marks the run', () => {
    const checkout = (
      orders: number,
      windowS: number,
      p99: number,
      poolExhausted: boolean,
    ): CheckoutRunResult => ({
      ordersPerSec: orders / windowS,
      ordersInWindow: orders,
      ordersPlaced: orders + 2,
      windowS,
      poolExhausted,
      latencyP50Ms: p99 / 4,
      latencyP99Ms: p99,
      failures: poolExhausted ? { CONFLICT: 1 } : { CONFLICT: 2, TIMEOUT: 1 },
    });
    const combined = combinedCheckouts([
      checkout(900, 3, 40, false),
      checkout(300, 2, 120, true),
      checkout(600, 3, 60, false),
    ]);
    expect(combined.ordersInWindow).toBe(1800);
    expect(combined.windowS).toBe(8);
    expect(combined.ordersPerSec).toBe(225);
    expect(combined.ordersPlaced).toBe(1806);
    expect(combined.poolExhausted).toBe(true);
    expect(combined.latencyP50Ms).toBe(15);
    expect(combined.latencyP99Ms).toBe(120);
    expect(combined.failures).toEqual({ CONFLICT: 5, TIMEOUT: 2 });
  });

  it("adds pgbench rounds up over each round's own time (its transactions over its tps)", () => {
    const combined = combinedPgbench([
      { tps: 1000, transactions: 3000, failed: 0, latencyAvgMs: 1 },
      { tps: 500, transactions: 1000, failed: 2, latencyAvgMs: 4 },
    ]);
    // 4,000 transactions in 3 s + 2 s, not the mean of 1,000 and 500
    expect(combined.tps).toBe(800);
    expect(combined.transactions).toBe(4000);
    expect(combined.failed).toBe(2);
    expect(combined.latencyAvgMs).toBe(1.75);
  });
});
