import { readFileSync } from 'node:fs';
import net from 'node:net';
import pg from 'pg';

/** One query on a fresh connection, so a stopped or restarted server shows up as an error here. */
export async function query<Row extends pg.QueryResultRow = Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query<Row>(text, params)).rows;
  } finally {
    await client.end();
  }
}

export async function inRecovery(url: string): Promise<boolean> {
  const [row] = await query<{ recovering: boolean }>(url, 'select pg_is_in_recovery() as recovering');
  return row?.recovering ?? false;
}

export function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A running process's uids (real, effective, saved, filesystem) and parent pid, from /proc. */
export function processIds(pid: number): { uids: number[]; ppid: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const line = (name: string) => {
    const match = new RegExp(`^${name}:\\s+([\\d\\t ]+)$`, 'm').exec(status);
    if (!match?.[1]) throw new Error(`no ${name} in /proc/${pid}/status`);
    return match[1].trim().split(/\s+/).map(Number);
  };
  return { uids: line('Uid'), ppid: line('PPid')[0] as number };
}
