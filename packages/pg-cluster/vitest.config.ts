import { defineConfig } from 'vitest/config';

// No shared global setup: every file starts (and destroys) a pair of its own, so files run in parallel.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
