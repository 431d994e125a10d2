import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from './server-user.ts';

/**
 * The postmaster of the server whose data folder is `dir` and every process it started
 * (backends, WAL sender and receiver, checkpointer): signalling the postmaster alone leaves
 * its backends running, which is not what a frozen or crashed machine looks like.
 */
export async function serverProcesses(dir: string): Promise<number[]> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return [];
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const { output } = await runCommand('ps', ['-A', '-o', 'pid=,ppid=']);
  const children = output
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter(([, parent]) => parent === postmaster)
    .map(([pid]) => pid as number);
  return [postmaster, ...children];
}

/**
 * Whether the postmaster named in `dir`'s lock file has died (exited, or killed and left a
 * zombie: a container's first process may never reap it). PostgreSQL takes a zombie's pid for a
 * running server and refuses to start, so such a lock file has to go first.
 */
export async function postmasterDead(dir: string): Promise<boolean> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return true;
  const postmaster = readFileSync(pidFile, 'utf8').split('\n')[0] ?? '';
  const { output } = await runCommand('ps', ['-o', 'stat=', '-p', postmaster]);
  return output.trim() === '' || output.trim().startsWith('Z');
}
