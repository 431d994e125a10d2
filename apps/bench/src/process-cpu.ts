import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

let ticksPerSecond: number | undefined;

function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** What the bench needs from one /proc/<pid>/stat line, in clock ticks. */
export interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime: the process's own CPU. */
  ownTicks: number;
  /** cutime + cstime: CPU of children it has waited for, which no longer have a /proc entry. */
  reapedChildrenTicks: number;
}

export function parseProcStat(stat: string): ProcStat {
  // the command name may hold spaces or parentheses: fields are counted from the last ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    pid: Number.parseInt(stat, 10),
    ppid: Number(fields[1]),
    ownTicks: Number(fields[11]) + Number(fields[12]),
    reapedChildrenTicks: Number(fields[13]) + Number(fields[14]),
  };
}

/** The pids of a process tree: the root and every descendant among the stats; empty when the root is not there. */
export function treeMembers(stats: ProcStat[], rootPid: number): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const root = stats.find((stat) => stat.pid === rootPid);
  const members: ProcStat[] = [];
  const pending = root ? [root] : [];
  for (let member = pending.pop(); member; member = pending.pop()) {
    members.push(member);
    pending.push(...(children.get(member.pid) ?? []));
  }
  return members;
}

/**
 * CPU ticks of a process tree: every live member's own CPU plus what each has collected from
 * children it reaped. A PostgreSQL backend that exits mid-run (a pgbench client disconnecting)
 * is gone from /proc, but the postmaster's cutime/cstime carries its CPU, so a delta of this
 * figure over a run still counts it. NaN when the root is not among the stats.
 */
export function treeTicks(stats: ProcStat[], rootPid: number): number {
  const members = treeMembers(stats, rootPid);
  if (members.length === 0) return Number.NaN;
  return members.reduce((ticks, member) => ticks + member.ownTicks + member.reapedChildrenTicks, 0);
}

function readStat(pid: number | 'self'): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // exited between the listing and the read
  }
}

export function readAllStats(): ProcStat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => readStat(Number(name)) ?? []);
}

const ticksToMs = (ticks: number) => (ticks * 1000) / clockTicksPerSecond();

/** The postmaster's pid: the first line of postmaster.pid in a server's data directory. */
export function postmasterPid(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** Processes whose CPU a run is charged with; absent ones are not read (NaN in the result). */
export interface CpuTargets {
  /** The server's primary: its workers (SERVER_PROCESSES) are its children, so its tree is charged. */
  server?: number;
  /** Postmaster pids: the whole server, postmaster and every backend and auxiliary process. */
  primary?: number;
  replica?: number;
}

export interface CpuSpent {
  serverCpuMs: number;
  primaryCpuMs: number;
  replicaCpuMs: number;
  /** This process: the load generator (buyers' clients or autocannon, which runs in-process). */
  benchCpuMs: number;
  /** Children this process waited for during the run (pgbench), from its own cutime/cstime. */
  benchChildrenCpuMs: number;
  wallMs: number;
}

function snapshot(targets: CpuTargets) {
  const all = Object.values(targets).some((pid) => pid !== undefined) ? readAllStats() : [];
  const tree = (pid: number | undefined) => (pid === undefined ? Number.NaN : ticksToMs(treeTicks(all, pid)));
  const self = readStat('self');
  return {
    server: tree(targets.server),
    primary: tree(targets.primary),
    replica: tree(targets.replica),
    benchChildren: self ? ticksToMs(self.reapedChildrenTicks) : Number.NaN,
  };
}

/**
 * Runs `work` and reports how much CPU each process involved used meanwhile: on two shared
 * cores, CPU per operation says more than wall time about where a request's cost lies.
 */
export async function measureCpu<T>(
  targets: CpuTargets,
  work: () => Promise<T>,
): Promise<{ result: T } & CpuSpent> {
  const before = snapshot(targets);
  const benchBefore = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const wallMs = performance.now() - started;
  const bench = process.cpuUsage(benchBefore);
  const after = snapshot(targets);
  return {
    result,
    serverCpuMs: after.server - before.server,
    primaryCpuMs: after.primary - before.primary,
    replicaCpuMs: after.replica - before.replica,
    benchCpuMs: (bench.user + bench.system) / 1000,
    benchChildrenCpuMs: after.benchChildren - before.benchChildren,
    wallMs,
  };
}

/**
 * Waits until `pid` has at most `count` children: a pgbench client's backend exits just after
 * pgbench does, and its CPU reaches the postmaster's cutime only once it has been reaped.
 * Gives up after timeoutMs; a backend still alive then is counted by the next measurement.
 */
export async function childrenDownTo(pid: number, count: number, timeoutMs = 2_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (readAllStats().filter((stat) => stat.ppid === pid).length > count) {
    if (performance.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function childCount(pid: number): number {
  return readAllStats().filter((stat) => stat.ppid === pid).length;
}
