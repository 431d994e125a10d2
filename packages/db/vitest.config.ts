import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['../../packages/db/src/testing/global-setup.ts'],
    // files pause replay on the one shared replica, so they take turns
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
