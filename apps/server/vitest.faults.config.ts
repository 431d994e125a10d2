import { fileURLToPath } from 'node:url';
import { databaseTestConfig } from '@holdfast/db/vitest-config';
import { defineConfig, mergeConfig } from 'vitest/config';

// The fault suite (`npm run test:faults`): kills, freezes and locks the servers, so it runs on its
// own and only when asked; `npm test` never picks these files up.
export default mergeConfig(
  databaseTestConfig,
  defineConfig({
    test: {
      include: ['faults/**/*.fault.ts'],
      globalSetup: [fileURLToPath(new URL('./faults/figures.ts', import.meta.url))],
      testTimeout: 120_000,
    },
  }),
);
