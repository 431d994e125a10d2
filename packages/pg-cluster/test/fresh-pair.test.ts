import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type PgCluster, startTestCluster } from '../src/index.ts';
import { inRecovery, processIds, query } from './servers.ts';

let cluster: PgCluster;
let coldStartMs: number;

beforeAll(async () => {
  const started = performance.now();
  cluster = await startTestCluster();
  coldStartMs = performance.now() - started;
  console.log(`cold start of a fresh primary + replica: ${Math.round(coldStartMs)} ms`);
  await query(cluster.url('primary'), 'create table note (id int primary key, body text not null)');
  await cluster.replica.waitForReplay();
});
afterAll(() => cluster?.destroy());

describe('a fresh pair', () => {
  it('starts from nothing with the replica in recovery and the primary not', async () => {
    expect(coldStartMs).toBeLessThan(30_000);
    expect(await inRecovery(cluster.url('primary'))).toBe(false);
    expect(await inRecovery(cluster.url('replica'))).toBe(true);
  });

  it('streams from the primary to the replica', async () => {
    await vi.waitFor(
      async () => {
        const rows = await query<{ state: string }>(
          cluster.url('primary', 'postgres'),
          `select state from pg_stat_replication where application_name = 'holdfast_replica'`,
        );
        expect(rows).toEqual([{ state: 'streaming' }]);
      },
      { timeout: 10_000, interval: 20 },
    );
  });

  it('refuses writes on the replica', async () => {
    await expect(query(cluster.url('replica'), `insert into note values (0, 'nope')`)).rejects.toMatchObject({
      code: '25006', // read_only_sql_transaction
    });
  });

  it('shows every write on the replica as soon as waitForReplay resolves', async () => {
    // back to back, with no slack: a commit that waitForReplay does not wait for shows up here
    for (let id = 1; id <= 50; id++) {
      await query(cluster.url('primary'), 'insert into note values ($1, $2)', [id, `note ${id}`]);
      await cluster.replica.waitForReplay();
      const rows = await query<{ body: string }>(
        cluster.url('replica'),
        'select body from note where id = $1',
        [id],
      );
      expect(rows, `note ${id} after waitForReplay`).toEqual([{ body: `note ${id}` }]);
    }
  });

  it('while replay is paused the replica keeps the old value and the primary has the new one', async () => {
    const primary = cluster.url('primary');
    const replica = cluster.url('replica');
    await query(primary, `insert into note values (100, 'old')`);
    await cluster.replica.waitForReplay();
    await cluster.replica.pauseReplay();
    try {
      await query(primary, `update note set body = 'new' where id = 100`);
      const written = await cluster.replica.primaryLsn();
      expect(await query(primary, 'select body from note where id = 100')).toEqual([{ body: 'new' }]);
      expect(await query(replica, 'select body from note where id = 100')).toEqual([{ body: 'old' }]);
      await expect(cluster.replica.waitForReplay(written, 300)).rejects.toThrow(/did not replay/);
    } finally {
      await cluster.replica.resumeReplay();
    }
    await cluster.replica.waitForReplay();
    expect(await query(replica, 'select body from note where id = 100')).toEqual([{ body: 'new' }]);
  });

  it('runs PostgreSQL as an unprivileged user when we are root, as ourselves otherwise', async () => {
    const expectedUid = (uid: number) => {
      if (process.getuid?.() === 0) expect(uid).not.toBe(0);
      else expect(uid).toBe(process.getuid?.());
    };
    for (const server of ['primary', 'replica'] as const) {
      // held open so its backend process is still there to inspect
      const client = new pg.Client({ connectionString: cluster.url(server) });
      await client.connect();
      try {
        const { rows } = await client.query<{ dataDirectory: string; backendPid: number }>(
          `select current_setting('data_directory') as "dataDirectory", pg_backend_pid() as "backendPid"`,
        );
        const row = rows[0];
        if (!row) throw new Error(`no answer from the ${server}`);
        expect(row.dataDirectory).toBe(path.join(cluster.dataDir, server));
        const owner = statSync(row.dataDirectory).uid;
        expectedUid(owner);
        // the first line of postmaster.pid is the postmaster's pid; our backend must be its child
        const pidFile = readFileSync(path.join(row.dataDirectory, 'postmaster.pid'), 'utf8');
        const postmasterPid = Number(pidFile.split('\n')[0]);
        const postmaster = processIds(postmasterPid);
        const backend = processIds(row.backendPid);
        expect(backend.ppid).toBe(postmasterPid);
        expect(postmaster.uids).toHaveLength(4);
        for (const uid of [...postmaster.uids, ...backend.uids]) {
          expectedUid(uid);
          expect(uid).toBe(owner);
        }
      } finally {
        await client.end();
      }
    }
  });
});
