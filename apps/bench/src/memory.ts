import { readFileSync } from 'node:fs';

export interface MemoryReport {
  /** Resident memory at the first sample, right after the process became ready: its footprint before any load. */
  startRssMb: number;
  /** VmHWM: the kernel's own high-water mark of resident memory, so no peak between samples is missed. */
  peakRssMb: number;
  /** The largest VmRSS among the samples, as a cross-check of the high-water mark. */
  maxSampledRssMb: number;
  samples: number;
}

function readStatusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) : undefined;
  } catch {
    // the process is gone, or this is not Linux
    return undefined;
  }
}

/** Samples a process's resident memory from /proc while it runs. */
export class MemorySampler {
  readonly #pid: number;
  readonly #timer: NodeJS.Timeout;
  #startKb: number | undefined;
  #peakKb = 0;
  #maxSampledKb = 0;
  #samples = 0;

  constructor(pid: number, intervalMs = 250) {
    this.#pid = pid;
    this.#timer = setInterval(() => this.sample(), intervalMs);
    // the sampler must never be what keeps the bench alive
    this.#timer.unref();
    this.sample();
  }

  sample(): void {
    const rss = readStatusKb(this.#pid, 'VmRSS');
    const hwm = readStatusKb(this.#pid, 'VmHWM');
    if (rss === undefined || hwm === undefined) return;
    this.#samples++;
    this.#startKb ??= rss;
    this.#maxSampledKb = Math.max(this.#maxSampledKb, rss);
    this.#peakKb = Math.max(this.#peakKb, hwm);
  }

  /** Call before the process exits: afterwards /proc no longer has its high-water mark. */
  stop(): MemoryReport {
    this.sample();
    clearInterval(this.#timer);
    return {
      startRssMb: round1((this.#startKb ?? 0) / 1024),
      peakRssMb: round1(this.#peakKb / 1024),
      maxSampledRssMb: round1(this.#maxSampledKb / 1024),
      samples: this.#samples,
    };
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
