import { fileURLToPath } from 'node:url';

/** The development pair lives in the repository's .holdfast/ (git-ignored) unless told otherwise (HOLDFAST_DATA_DIR, read by @holdfast/db). */
export function defaultDataDir(): string {
  return fileURLToPath(new URL('../../../.holdfast/pg', import.meta.url));
}
