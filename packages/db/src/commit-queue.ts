import { AsyncLocalStorage } from 'node:async_hooks';

// what writeAtCommit queued in the transaction under way; the driver sends it with the COMMIT
const queued = new AsyncLocalStorage<string[]>();

/** Runs one transaction (`work`) so that what it hands `writeAtCommit` travels with its COMMIT. */
export function collectingWritesAtCommit<T>(work: () => Promise<T>): Promise<T> {
  return queued.run([], work);
}

/** The queue of the transaction under way; undefined outside `collectingWritesAtCommit`. */
export function writesAtCommit(): string[] | undefined {
  return queued.getStore();
}

/** The writes queued for the commit now being sent, taken off the queue. */
export function takeWritesAtCommit(): string[] {
  return queued.getStore()?.splice(0) ?? [];
}
