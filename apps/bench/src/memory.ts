import { readFileSync } from 'node:fs';
import { readAllStats, treeMembers } from './process-cpu.ts';

export interface MemoryReport {
  /** Resident memory of the tree at the first sample, right after the server became ready: its footprint before any load. */
  startRssMb: number;
  /**
   * The sum of each process's VmHWM, the kernel's own high-water mark of its resident memory, so
   * no peak between samples is missed. With several processes it is an upper bound: their peaks
   * need not coincide.
   */
  peakRssMb: number;
  /** The largest VmHWM of one process of the tree (with SERVER_PROCESSES, a worker's). */
  peakProcessRssMb: number;
  /**
   * What the bench was measuring when that process first came within 1 MB of its peak (as of a
   * sample): where the memory went, not the last few kilobytes after it.
   */
  peakProcessDuring: string;
  /** The largest sum of VmRSS among the samples, as a cross-check of the high-water marks. */
  maxSampledRssMb: number;
  processes: number;
  samples: number;
}

export function readStatusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) : undefined;
  } catch {
    // the process is gone, or this is not Linux
    return undefined;
  }
}

/**
 * Samples the resident memory of a process and its children (a server's workers) from /proc
 * while it runs. Once a second: each process's VmHWM keeps its peak between samples, and a
 * listing of /proc costs the bench, whose own CPU is measured, a few milliseconds.
 */
export class MemorySampler {
  readonly #pid: number;
  readonly #timer: NodeJS.Timeout;
  #startKb: number | undefined;
  // per pid, so a worker replaced mid-run keeps the peak it reached
  readonly #peakKbByPid = new Map<number, number>();
  #maxSampledKb = 0;
  #samples = 0;
  readonly #phase: () => string;
  // each new high of the largest process, and what was being measured when it was seen
  readonly #highs: { kb: number; during: string }[] = [];

  /** `phase` names what the bench is measuring, so the report can say when the peak came. */
  constructor(pid: number, phase: () => string, intervalMs = 1_000) {
    this.#pid = pid;
    this.#phase = phase;
    this.#timer = setInterval(() => this.sample(), intervalMs);
    // the sampler must never be what keeps the bench alive
    this.#timer.unref();
    this.sample();
  }

  sample(): void {
    let rssKb = 0;
    for (const { pid } of treeMembers(readAllStats(), this.#pid)) {
      const rss = readStatusKb(pid, 'VmRSS');
      const hwm = readStatusKb(pid, 'VmHWM');
      if (rss === undefined || hwm === undefined) continue;
      rssKb += rss;
      this.#peakKbByPid.set(pid, Math.max(this.#peakKbByPid.get(pid) ?? 0, hwm));
      if (hwm > (this.#highs.at(-1)?.kb ?? 0)) this.#highs.push({ kb: hwm, during: this.#phase() });
    }
    if (rssKb === 0) return;
    this.#samples++;
    this.#startKb ??= rssKb;
    this.#maxSampledKb = Math.max(this.#maxSampledKb, rssKb);
  }

  /** Call before the processes exit: afterwards /proc no longer has their high-water marks. */
  stop(): MemoryReport {
    this.sample();
    clearInterval(this.#timer);
    const peaks = [...this.#peakKbByPid.values()];
    const peakProcessKb = Math.max(0, ...peaks);
    return {
      startRssMb: round1((this.#startKb ?? 0) / 1024),
      peakRssMb: round1(peaks.reduce((sum, kb) => sum + kb, 0) / 1024),
      peakProcessRssMb: round1(peakProcessKb / 1024),
      peakProcessDuring: this.#highs.find(({ kb }) => kb >= peakProcessKb - 1024)?.during ?? '',
      maxSampledRssMb: round1(this.#maxSampledKb / 1024),
      processes: peaks.length,
      samples: this.#samples,
    };
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
