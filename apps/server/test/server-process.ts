import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestDatabase } from '@holdfast/db/testing';

const mainScript = fileURLToPath(new URL('../src/main.ts', import.meta.url));

export interface ServerProcess {
  url: string;
  /** The primary: the process `npm start` runs. */
  pid: number;
  /** What the server printed so far, banner included. */
  output(): string;
  /** The primary's children: with a DATABASE_URL given, every one is a server process (a worker). */
  workerPids(): number[];
  /** Resident memory of the primary and its workers now, summed, in MB (Linux /proc). */
  rssMb(): number;
  /** The primary's exit code, once it exits. */
  exited: Promise<number | null>;
  /** Sends the signal to the primary and waits for it to exit; answers its exit code. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * The real server (src/main.ts) as a process of its own, on this database's primary and replica,
 * on a free port; one server process unless `env` says otherwise (SERVER_PROCESSES).
 */
export function startServerProcess(
  t: TestDatabase,
  env: Record<string, string | undefined> = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [mainScript], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: t.primaryUrl,
      DATABASE_REPLICA_URLS: t.replicaUrl,
      PORT: '0',
      LOG_LEVEL: 'warn',
      SEED_DEMO_CATALOG: 'false',
      SERVER_PROCESSES: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const onData = () => {
      const address = /API\s+(http:\/\/\S+)\/trpc/.exec(output)?.[1];
      if (!address) return;
      child.stdout?.off('data', onData);
      resolve(handle(child, address, () => output));
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`server exited with ${code} before listening:\n${output}`)),
    );
  });
}

function childPids(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return children ? children.split(' ').map(Number) : [];
  } catch {
    return []; // gone
  }
}

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0; // exited between the listing and the read
  }
}

function handle(child: ChildProcess, url: string, output: () => string): ServerProcess {
  const pid = child.pid as number;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    url,
    pid,
    output,
    exited,
    workerPids: () => childPids(pid),
    rssMb: () => [pid, ...childPids(pid)].reduce((kb, member) => kb + rssKb(member), 0) / 1024,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until none of `pids` runs, polling; answers how long that took, or throws after timeoutMs. */
export async function processesGone(pids: number[], timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (pids.some(alive)) {
    if (performance.now() - started > timeoutMs)
      throw new Error(`still running after ${timeoutMs} ms: ${pids.filter(alive).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}
