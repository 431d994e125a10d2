import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** For every package whose tests use createTestDatabase(): one primary + replica pair per run. */
export const databaseTestConfig = defineConfig({
  test: {
    globalSetup: [fileURLToPath(new URL('./global-setup.ts', import.meta.url))],
    // files pause replay on the one shared replica, so they take turns
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
