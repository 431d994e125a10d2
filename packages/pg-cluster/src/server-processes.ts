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
