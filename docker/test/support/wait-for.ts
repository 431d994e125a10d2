import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls until `check` holds, so a test waits exactly as long as replication takes and no
 * longer; fails with `what` once the deadline passes.
 */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(50);
  }
}
