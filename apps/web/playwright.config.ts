import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// The config is evaluated again in every worker: the environment carries the choices made in
// the first evaluation (workers inherit it), so all of them talk to the same server and database.
process.env.HOLDFAST_E2E_PORT ??= findFreePort();
process.env.HOLDFAST_E2E_DATA_DIR ??= path.join(tmpdir(), `holdfast-e2e-${process.pid}-${Date.now()}`);
const port = process.env.HOLDFAST_E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;

function findFreePort(): string {
  const script =
    "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })";
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
}

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/artifacts',
  fullyParallel: true,
  // the server, its two PostgreSQL instances and the browsers share the machine
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-gpu',
      ],
    },
  },
  webServer: {
    // the real server (apps/server/src/main.ts): with no DATABASE_URL it starts its own PostgreSQL
    // primary + replica in the data dir, migrates, seeds the demo catalog and serves dist/ at /
    command: 'node e2e/serve-for-tests.ts',
    url: `${baseURL}/healthz`,
    env: {
      PORT: port,
      HOLDFAST_DATA_DIR: process.env.HOLDFAST_E2E_DATA_DIR,
      // a DATABASE_URL left in the shell must not point the tests at a real database
      DATABASE_URL: '',
      DATABASE_REPLICA_URLS: '',
      LOG_LEVEL: 'warn',
    },
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    // SIGTERM lets the server stop its PostgreSQL pair before the data dir is removed
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
  },
});
