import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Runs after the web server is up: finds the URLs of the database it started, for the tests' own SQL. */
export default function globalSetup(): void {
  const cli = fileURLToPath(new URL('../../../packages/db/src/cli/dev-cluster.ts', import.meta.url));
  const dataDir = process.env.HOLDFAST_E2E_DATA_DIR;
  if (!dataDir) throw new Error('playwright.config.ts sets HOLDFAST_E2E_DATA_DIR');
  const output = execFileSync(process.execPath, [cli, 'env', '--data-dir', dataDir], { encoding: 'utf8' });
  const urls = Object.fromEntries(
    [...output.matchAll(/^export (\w+)='([^']*)'$/gm)].map(([, name = '', value = '']) => [name, value]),
  );
  if (!urls.DATABASE_URL || !urls.DATABASE_REPLICA_URLS)
    throw new Error(`unexpected pg-cluster output:\n${output}`);
  // workers start after global setup and inherit the environment
  process.env.HOLDFAST_E2E_PRIMARY_URL = urls.DATABASE_URL;
  process.env.HOLDFAST_E2E_REPLICA_URL = urls.DATABASE_REPLICA_URLS;
}
