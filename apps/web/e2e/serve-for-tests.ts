import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs the real server (apps/server) for the browser tests and deletes its throwaway database
 * once it has stopped: Playwright stops the web server after global teardown, so only a
 * process that outlives the server can clean up after it.
 */
const dataDir = process.env.HOLDFAST_DATA_DIR;
if (!dataDir) throw new Error('HOLDFAST_DATA_DIR must name a fresh folder for the test database');
// only a folder playwright.config.ts made up is ours to delete, never one passed in by hand
const isThrowaway = path.dirname(dataDir) === tmpdir() && path.basename(dataDir).startsWith('holdfast-e2e-');

const server = spawn(
  process.execPath,
  [fileURLToPath(new URL('../../server/src/main.ts', import.meta.url))],
  {
    stdio: 'inherit',
  },
);
// Playwright signals the whole process group, so the server gets the signal too and stops
// its PostgreSQL pair; this process just waits for that to finish
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => {});
server.on('exit', (code) => {
  if (isThrowaway) rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 1);
});
