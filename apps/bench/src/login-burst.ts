import { writeFileSync } from 'node:fs';
import { createHoldfastClient } from '@holdfast/client';
import { readStatusKb } from './memory.ts';
import { readAllStats, treeMembers } from './process-cpu.ts';

export interface LoginBurstResult {
  logins: number;
  signedIn: number;
  /** Answered SERVICE_UNAVAILABLE (PASSWORDS_BUSY): the process's queue of hashes was full. */
  busy: number;
  /** From the burst's start to the last answer. */
  slowestMs: number;
  /** The largest rise of one server process's resident memory over the burst (its VmHWM, reset just before, over its VmRSS then). */
  rssRiseMb: number;
}

/** Writing 5 to clear_refs sets a process's VmHWM back to its current RSS (proc(5)). */
function resetHighWaterMark(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/**
 * `logins` sign-ins of one account at once. Each password check is a scrypt hash that holds 64
 * MiB while it runs; how much of that a burst puts on a process at a time is what
 * PASSWORD_HASH_CONCURRENCY bounds, and the rise of the server's high-water mark shows it.
 */
export async function runLoginBurst(
  origin: string,
  serverPid: number,
  account: { email: string; password: string },
  logins: number,
): Promise<LoginBurstResult> {
  const processes = treeMembers(readAllStats(), serverPid).map(({ pid }) => pid);
  const rssBefore = new Map(processes.map((pid) => [pid, readStatusKb(pid, 'VmRSS') ?? 0]));
  for (const pid of processes) resetHighWaterMark(pid);
  const started = performance.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: logins }, () =>
      createHoldfastClient({ url: `${origin}/trpc` }).account.login.mutate(account),
    ),
  );
  const slowestMs = performance.now() - started;
  const busy = outcomes.filter(
    (outcome) =>
      outcome.status === 'rejected' &&
      (outcome.reason as { data?: { details?: { reason?: string } } }).data?.details?.reason ===
        'PASSWORDS_BUSY',
  ).length;
  const riseKb = Math.max(
    0,
    ...processes.map((pid) => (readStatusKb(pid, 'VmHWM') ?? 0) - (rssBefore.get(pid) ?? 0)),
  );
  return {
    logins,
    signedIn: outcomes.filter((outcome) => outcome.status === 'fulfilled').length,
    busy,
    slowestMs,
    rssRiseMb: Math.round(riseKb / 102.4) / 10,
  };
}
