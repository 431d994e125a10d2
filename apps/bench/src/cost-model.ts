import type { CpuSpent } from './process-cpu.ts';

/**
 * CPU milliseconds one operation (a confirmed order, a 2xx catalog request, a committed pgbench
 * transaction) cost each process during a measured run, and what that extrapolates to: with
 * every process's CPU counted, one core could complete 1000 / totalMs operations per second.
 * A process the run did not involve (the API server under pgbench) is null and not in the total.
 */
export interface CostPerOp {
  ops: number;
  serverMs: number | null;
  primaryMs: number;
  replicaMs: number;
  /** The bench process (clients or autocannon) plus children it reaped in the run (pgbench). */
  loadGeneratorMs: number;
  totalMs: number;
  opsPerCore: number;
}

export function costPerOp(spent: CpuSpent, ops: number): CostPerOp {
  const perOp = (ms: number) => (ops > 0 ? ms / ops : Number.NaN);
  const serverMs = Number.isNaN(spent.serverCpuMs) ? null : perOp(spent.serverCpuMs);
  const primaryMs = perOp(spent.primaryCpuMs);
  const replicaMs = perOp(spent.replicaCpuMs);
  const loadGeneratorMs = perOp(spent.benchCpuMs + spent.benchChildrenCpuMs);
  const totalMs = (serverMs ?? 0) + primaryMs + replicaMs + loadGeneratorMs;
  return {
    ops,
    serverMs,
    primaryMs,
    replicaMs,
    loadGeneratorMs,
    totalMs,
    opsPerCore: totalMs > 0 ? 1000 / totalMs : Number.NaN,
  };
}
