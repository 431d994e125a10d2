import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // initdb, pg_basebackup and two server starts take a few seconds on a 2-core machine
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
