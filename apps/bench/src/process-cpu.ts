import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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

/** CPU time (user + system) a process has used so far, from /proc; NaN when it cannot be read. */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name may hold spaces or parentheses: fields are counted from the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / clockTicksPerSecond();
  } catch {
    return Number.NaN;
  }
}

/**
 * Runs `work` and reports how much CPU the server process and this process (the load generator)
 * used meanwhile: on two shared cores, CPU per operation says more than wall time about where a
 * request's cost lies.
 */
export async function measureCpu<T>(
  serverPid: number,
  work: () => Promise<T>,
): Promise<{ result: T; serverCpuMs: number; benchCpuMs: number; wallMs: number }> {
  const serverBefore = processCpuMs(serverPid);
  const benchBefore = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const wallMs = performance.now() - started;
  const bench = process.cpuUsage(benchBefore);
  return {
    result,
    serverCpuMs: processCpuMs(serverPid) - serverBefore,
    benchCpuMs: (bench.user + bench.system) / 1000,
    wallMs,
  };
}
