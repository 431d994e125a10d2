import { fileURLToPath } from 'node:url';

/** The development pair lives in the repository's .holdfast/ (git-ignored) unless HOLDFAST_DATA_DIR says otherwise. */
export function defaultDataDir(): string {
  return process.env.HOLDFAST_DATA_DIR ?? fileURLToPath(new URL('../../../.holdfast/pg', import.meta.url));
}
