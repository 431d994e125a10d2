import { describe, expect, it } from 'vitest';
import { costPerOp } from '../src/cost-model.ts';
import { parseProcStat, treeMembers, treeTicks } from '../src/process-cpu.ts';

// /proc/<pid>/stat as Linux writes it: pid (comm) state ppid ... utime stime cutime cstime ...
const stat = (
  pid: number,
  comm: string,
  ppid: number,
  utime: number,
  stime: number,
  cutime = 0,
  cstime = 0,
) =>
  `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560 100 0 0 0 ${utime} ${stime} ${cutime} ${cstime} 20 0 1 0 500 0 0\n`;

describe('process-cpu', () => {
  it('reads ppid and CPU ticks from a stat line, counting fields from the last parenthesis', () => {
    expect(parseProcStat(stat(42, 'postgres: bench (x) idle', 7, 30, 12, 5, 1))).toEqual({
      pid: 42,
      ppid: 7,
      ownTicks: 42,
      reapedChildrenTicks: 6,
    });
  });

  it("sums a postmaster's tree: its own CPU, its live children's, and what it reaped from exited ones", () => {
    const stats = [
      stat(100, 'postgres', 1, 10, 5, 200, 50), // 250 ticks from backends that have exited
      stat(101, 'postgres: checkpointer', 100, 3, 7),
      stat(102, 'postgres: bench bench 127.0.0.1(5000) idle', 100, 40, 20),
      stat(200, 'postgres', 1, 999, 999), // the other server of the pair: not in this tree
      stat(201, 'postgres: walreceiver', 200, 999, 999),
    ].map(parseProcStat);
    expect(treeTicks(stats, 100)).toBe(15 + 250 + 10 + 60);
    expect(treeTicks(stats, 200)).toBe(1998 + 1998);
    expect(treeTicks(stats, 300)).toBeNaN();
  });

  it("charges a server's workers to it: a cluster primary's tree holds every worker, not its siblings", () => {
    const stats = [
      stat(500, 'node', 1, 20, 5, 30, 0), // the primary, with 30 ticks from a worker it replaced
      stat(501, 'node', 500, 300, 40),
      stat(502, 'node', 500, 280, 35),
      stat(600, 'node', 1, 999, 999), // the bench's baseline server
    ].map(parseProcStat);
    expect(treeMembers(stats, 500).map((member) => member.pid)).toEqual([500, 502, 501]);
    expect(treeTicks(stats, 500)).toBe(25 + 30 + 340 + 315);
    expect(treeMembers(stats, 700)).toEqual([]);
  });
});

describe('cost-model', () => {
  const spent = {
    serverCpuMs: 2000,
    primaryCpuMs: 1500,
    replicaCpuMs: 100,
    benchCpuMs: 400,
    benchChildrenCpuMs: 0,
    wallMs: 3000,
  };

  it('divides each process by the orders and extrapolates orders/s per core from the total', () => {
    const cost = costPerOp(spent, 1000);
    expect(cost).toMatchObject({
      ops: 1000,
      serverMs: 2,
      primaryMs: 1.5,
      replicaMs: 0.1,
      loadGeneratorMs: 0.4,
    });
    expect(cost.totalMs).toBeCloseTo(4, 9);
    expect(cost.opsPerCore).toBeCloseTo(250, 6);
  });

  it('leaves out a process the run did not involve and charges reaped children to the load generator', () => {
    const pgbench = costPerOp(
      { ...spent, serverCpuMs: Number.NaN, benchCpuMs: 10, benchChildrenCpuMs: 390, replicaCpuMs: 0 },
      500,
    );
    expect(pgbench.serverMs).toBeNull();
    expect(pgbench.loadGeneratorMs).toBeCloseTo(0.8, 9);
    expect(pgbench.totalMs).toBeCloseTo(3.8, 9);
    expect(costPerOp(spent, 0).opsPerCore).toBeNaN();
  });
});
