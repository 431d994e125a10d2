import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PgCluster, startTestCluster } from '../src/index.ts';
import { acceptsConnections, inRecovery, portOf, query } from './servers.ts';

let cluster: PgCluster;

beforeAll(async () => {
  cluster = await startTestCluster();
  await query(cluster.url('primary'), 'create table event (id int primary key)');
  await cluster.replica.waitForReplay();
});
afterAll(() => cluster?.destroy());

describe('stopping and starting the replica', () => {
  it('while stopped it refuses connections and the primary keeps taking writes; after start it catches up', async () => {
    await cluster.replica.stop();
    try {
      expect(await acceptsConnections(portOf(cluster.url('replica')))).toBe(false);
      await expect(query(cluster.url('replica'), 'select 1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      await query(cluster.url('primary'), 'insert into event select generate_series(1, 500)');
      expect(await query(cluster.url('primary'), 'select count(*)::int as n from event')).toEqual([
        { n: 500 },
      ]);
    } finally {
      await cluster.replica.start();
    }
    expect(await inRecovery(cluster.url('replica'))).toBe(true);
    await cluster.replica.waitForReplay();
    expect(await query(cluster.url('replica'), 'select count(*)::int as n from event')).toEqual([{ n: 500 }]);
  });

  it('after the restart it keeps streaming new writes', async () => {
    await query(cluster.url('primary'), 'insert into event values (501)');
    await cluster.replica.waitForReplay();
    expect(await query(cluster.url('replica'), 'select max(id) as id from event')).toEqual([{ id: 501 }]);
  });
});
