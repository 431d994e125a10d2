import { execFileSync, spawn } from 'node:child_process';
import { chownSync, readdirSync } from 'node:fs';
import path from 'node:path';

export interface ServerUser {
  uid: number;
  gid: number;
  name: string;
}

/**
 * PostgreSQL refuses to run as root. When we are root, the server runs as an
 * unprivileged account instead; otherwise it runs as whoever we are.
 */
export function resolveServerUser(preferred?: string): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of [preferred, 'postgres', 'nobody']) {
    if (!name) continue;
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { uid, gid, name };
    } catch {
      // that account does not exist here; try the next
    }
  }
  throw new Error('Running as root and no unprivileged account (postgres, nobody) exists to run PostgreSQL');
}

export function chownTree(dir: string, user: ServerUser | undefined): void {
  if (!user) return;
  chownSync(dir, user.uid, user.gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, user);
    else chownSync(full, user.uid, user.gid);
  }
}

export interface RunOptions {
  /** Runs the command as this account instead of ours. */
  user?: { uid: number; gid: number };
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface RunResult {
  code: number | null;
  /** stdout and stderr interleaved, for error messages. */
  output: string;
}

/** Runs a command to completion and reports its exit code and output; never throws for a non-zero exit. */
export function runCommand(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      uid: options.user?.uid,
      gid: options.user?.gid,
      cwd: options.cwd,
      env: options.env ?? { ...process.env, LC_ALL: 'C' },
      // pg_ctl start leaves the server running with our pipes unless they are closed here
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Runs a command as the server user; rejects with its output when it fails. */
export async function runAs(
  user: ServerUser | undefined,
  command: string,
  args: string[],
  options: Omit<RunOptions, 'user'> = {},
): Promise<string> {
  const result = await runCommand(command, args, { ...options, user });
  if (result.code !== 0) {
    throw new Error(
      `${path.basename(command)} ${args.join(' ')} exited with ${result.code}:\n${result.output}`,
    );
  }
  return result.output;
}
