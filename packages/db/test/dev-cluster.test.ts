import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgCluster } from '@holdfast/pg-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// pg-cluster's own probes of a server, rather than a second copy of them
import { acceptsConnections, inRecovery, portOf } from '../../pg-cluster/test/servers.ts';

const cli = fileURLToPath(new URL('../src/cli/dev-cluster.ts', import.meta.url));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'holdfast-pg-cli-'));

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let up: CliRun;

beforeAll(async () => {
  up = await runCli('up', '--data-dir', dataDir);
});
afterAll(async () => {
  await PgCluster.stopAt({ dataDir }).catch(() => false);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the development pair CLI (npm run db:up / db:env / db:down)', () => {
  it('up starts the pair and prints its URLs with the password masked', () => {
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/^primary {2}postgres:\/\/holdfast:\*\*\*@127\.0\.0\.1:\d+\/holdfast$/m);
    expect(up.stdout).toMatch(/^replica {2}postgres:\/\/holdfast:\*\*\*@127\.0\.0\.1:\d+\/holdfast$/m);
    expect(up.stdout).toMatch(/^up in \d+\.\d\ds \(data in /m);
  });

  it('env prints DATABASE_URL and DATABASE_REPLICA_URLS that reach the primary and the replica', async () => {
    const env = await runCli('env', '--data-dir', dataDir);
    expect(env.code, env.stderr).toBe(0);
    const primaryUrl = /^export DATABASE_URL='(postgres:\/\/[^']+)'$/m.exec(env.stdout)?.[1];
    const replicaUrl = /^export DATABASE_REPLICA_URLS='(postgres:\/\/[^']+)'$/m.exec(env.stdout)?.[1];
    if (!primaryUrl || !replicaUrl) throw new Error(`env printed no URLs:\n${env.stdout}`);
    expect(await inRecovery(primaryUrl)).toBe(false);
    expect(await inRecovery(replicaUrl)).toBe(true);
    // the same pair up reported, not a second one; and up never printed the password
    expect(up.stdout).toContain(`127.0.0.1:${portOf(primaryUrl)}/`);
    const password = decodeURIComponent(new URL(primaryUrl).password);
    expect(password.length).toBeGreaterThan(0);
    expect(up.stdout).not.toContain(password);
  });

  it('down stops both servers and their ports close; a second down finds nothing running', async () => {
    const env = await runCli('env', '--data-dir', dataDir);
    const ports = [...env.stdout.matchAll(/@127\.0\.0\.1:(\d+)\//g)].map((match) => Number(match[1]));
    expect(ports).toHaveLength(2);
    for (const port of ports) expect(await acceptsConnections(port)).toBe(true);

    const down = await runCli('down', '--data-dir', dataDir);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout.trim()).toBe('stopped');
    for (const port of ports) expect(await acceptsConnections(port)).toBe(false);

    const again = await runCli('down', '--data-dir', dataDir);
    expect(again.stdout.trim()).toBe('not running');
  });

  it('an unknown command prints the usage and exits with 2', async () => {
    const run = await runCli('sideways', '--data-dir', dataDir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage: npm run db:<up|down|env>');
  });
});
