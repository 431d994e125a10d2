import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestDatabase } from '@holdfast/db/testing';

const mainScript = fileURLToPath(new URL('../src/main.ts', import.meta.url));

export interface ServerProcess {
  url: string;
  pid: number;
  /** Resident memory now, in MB (Linux /proc). */
  rssMb(): number;
  /** Sends the signal and waits for the process to exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** The real server (src/main.ts) as a process of its own, on this database's primary and replica, on a free port. */
export function startServerProcess(
  t: TestDatabase,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [mainScript], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: t.primaryUrl,
      DATABASE_REPLICA_URLS: t.replicaUrl,
      PORT: '0',
      LOG_LEVEL: 'warn',
      SEED_DEMO_CATALOG: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const address = /API\s+(http:\/\/\S+)\/trpc/.exec(output)?.[1];
      if (address) {
        child.stdout?.off('data', onData);
        resolve(handle(child, address));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) =>
      reject(new Error(`server exited with ${code} before listening:\n${output}`)),
    );
  });
}

function handle(child: ChildProcess, url: string): ServerProcess {
  const pid = child.pid as number;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    pid,
    rssMb() {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return Number(kb) / 1024;
    },
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
