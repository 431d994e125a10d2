import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePort } from '@holdfast/pg-cluster';

export interface HttpChild {
  name: string;
  pid: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Every line the child wrote to stdout since `startCapture()`. */
  capturedLines(): string[];
  startCapture(): void;
  stop(): Promise<void>;
}

export interface HttpChildOptions {
  name: string;
  script: string;
  /** Node's own flags, before the script. */
  nodeArgs?: string[];
  env: Record<string, string>;
  /** A path that answers 200 once the child serves requests. */
  readyPath: string;
  readyTimeoutMs?: number;
}

const stopTimeoutMs = 10_000;
const readyPollMs = 100;

/**
 * Runs a Node script as its own process on a free 127.0.0.1 port: a server measured in its own
 * process has its own event loop and its own RSS, and nothing the bench does runs on them.
 */
export async function startHttpChild(options: HttpChildOptions): Promise<HttpChild> {
  const port = await findFreePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script], {
    env: { ...process.env, ...options.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${options.name} did not start`);
  let stderr = '';
  let capture: string[] | undefined;
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    if (!capture) return;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    capture.push(...lines);
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    // the tail is what explains a crash; a chatty child must not grow this without bound
    stderr = (stderr + chunk).slice(-20_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const handle: HttpChild = {
    name: options.name,
    pid: child.pid,
    origin,
    capturedLines: () => [...(capture ?? [])],
    startCapture() {
      capture = [];
      pending = '';
    },
    stop: () => stopChild(child, exited),
  };
  try {
    await waitUntilReady(origin + options.readyPath, exited, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await handle.stop();
    throw new Error(`${options.name} did not become ready: ${(error as Error).message}\n${stderr}`);
  }
  return handle;
}

async function waitUntilReady(url: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`exited with ${exitCode}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(readyPollMs);
  }
  throw new Error(`no 200 from ${url} within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(stopTimeoutMs).then(() => false)]);
  if (!stopped) {
    child.kill('SIGKILL');
    await exited;
  }
}
