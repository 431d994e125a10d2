import { describe, expect, it } from 'vitest';
import { combinedRounds, type MeasuredLoad, roundOrders } from '../src/interleaved-runs.ts';

const run = (
  requests: number,
  durationS: number,
  p50: number,
  p99: number,
  serverCpuMs: number,
): MeasuredLoad => ({
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

describe('interleaved catalog runs', () => {
  it('runs the servers forwards, then backwards, so none is always measured last', () => {
    expect(roundOrders(['api', 'procedure', 'baseline'], 3)).toEqual([
      ['api', 'procedure', 'baseline'],
      ['baseline', 'procedure', 'api'],
      ['api', 'procedure', 'baseline'],
    ]);
  });

  it("adds a server's rounds up: its rate is all it served over all its time, its CPU per request the same", () => {
    const combined = combinedRounds([
      run(3000, 3, 40, 90, 1500),
      run(1000, 3, 80, 200, 700),
      run(2000, 4, 50, 100, 900),
    ]);
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
});
