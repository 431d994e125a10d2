import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgCluster } from '../src/index.ts';
import { acceptsConnections, inRecovery, portOf, query } from './servers.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'holdfast-pg-reuse-'));
let cluster: PgCluster;

beforeAll(async () => {
  cluster = await PgCluster.start({ dataDir });
});
afterAll(() => cluster?.destroy());

async function startedAt(url: string): Promise<string> {
  const [row] = await query<{ at: string }>(url, 'select pg_postmaster_start_time()::text as at');
  return row?.at ?? '';
}

describe('reusing a data folder', () => {
  it('stop, then start on the same folder: rows are still there on both servers and replication resumes', async () => {
    await query(cluster.url('primary'), 'create table kept (id int primary key, body text)');
    await query(cluster.url('primary'), `insert into kept values (1, 'before the restart')`);
    await cluster.replica.waitForReplay();
    const ports = [portOf(cluster.url('primary')), portOf(cluster.url('replica'))];
    await cluster.stop();
    for (const port of ports) expect(await acceptsConnections(port)).toBe(false);

    cluster = await PgCluster.start({ dataDir });
    expect(await inRecovery(cluster.url('primary'))).toBe(false);
    expect(await inRecovery(cluster.url('replica'))).toBe(true);
    for (const server of ['primary', 'replica'] as const) {
      expect(await query(cluster.url(server), 'select body from kept')).toEqual([
        { body: 'before the restart' },
      ]);
    }
    await query(cluster.url('primary'), `insert into kept values (2, 'after the restart')`);
    await cluster.replica.waitForReplay();
    expect(await query(cluster.url('replica'), 'select id from kept order by id')).toEqual([
      { id: 1 },
      { id: 2 },
    ]);
  });

  it('a second start while running attaches to the running servers without restarting them', async () => {
    const before = {
      primary: await startedAt(cluster.url('primary')),
      replica: await startedAt(cluster.url('replica')),
    };
    const attached = await PgCluster.start({ dataDir });
    expect(attached.url('primary')).toBe(cluster.url('primary'));
    expect(attached.url('replica')).toBe(cluster.url('replica'));
    expect(await startedAt(attached.url('primary'))).toBe(before.primary);
    expect(await startedAt(attached.url('replica'))).toBe(before.replica);
    expect(await query(attached.url('replica'), 'select count(*)::int as n from kept')).toEqual([{ n: 2 }]);
  });

  it('release stops only what this instance started: a second process attached to the pair leaves it running', async () => {
    const ports = [portOf(cluster.url('primary')), portOf(cluster.url('replica'))];
    const attached = await PgCluster.start({ dataDir });
    expect(attached.startedServers).toBe(false);
    expect(cluster.startedServers).toBe(true);
    await attached.release();
    for (const port of ports) expect(await acceptsConnections(port)).toBe(true);

    await cluster.release();
    for (const port of ports) expect(await acceptsConnections(port)).toBe(false);
    cluster = await PgCluster.start({ dataDir });
  });

  it('stopAt stops a running pair, and says whether it was running', async () => {
    const ports = [portOf(cluster.url('primary')), portOf(cluster.url('replica'))];
    for (const port of ports) expect(await acceptsConnections(port)).toBe(true);
    expect(await PgCluster.stopAt({ dataDir })).toBe(true);
    for (const port of ports) expect(await acceptsConnections(port)).toBe(false);
    expect(await PgCluster.stopAt({ dataDir })).toBe(false);
  });

  it('stopAt on a folder without a cluster does nothing', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'holdfast-pg-empty-'));
    try {
      expect(await PgCluster.stopAt({ dataDir: empty })).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
