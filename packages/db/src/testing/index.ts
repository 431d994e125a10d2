import { randomBytes } from 'node:crypto';

export { createProduct, type VariantFixture } from './fixtures.ts';

import { PgCluster } from '@holdfast/pg-cluster';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseTimeouts } from '../config.ts';
import { Database, type DatabaseOptions } from '../database.ts';
import { templateDatabase } from './global-setup.ts';

export interface TestDatabase {
  name: string;
  db: Database;
  /** The running pair, to pause/resume replay and stop/start the replica. */
  cluster: PgCluster;
  primaryUrl: string;
  replicaUrl: string;
  /** Runs SQL straight on one server, bypassing the routing layer: for setup and for asserting on the database. */
  sql<Row extends pg.QueryResultRow = Record<string, unknown>>(
    server: 'primary' | 'replica',
    text: string,
    params?: unknown[],
  ): Promise<Row[]>;
  /** A variant's stock on hand beside the sum of its ledger, read on the primary: the two must always agree. */
  stockAndLedger(variantId: number): Promise<{ stock: number; ledger: number } | undefined>;
  /** Waits until the replica has replayed everything committed on the primary so far, and the health monitor has seen it. */
  replicaCaughtUp(): Promise<void>;
  drop(): Promise<void>;
}

/**
 * A database of this test file's own, copied from the migrated template on the primary and
 * streamed to the replica like any other write, so files never see each other's rows.
 */
export async function createTestDatabase(
  options: DatabaseOptions & { timeouts?: Partial<DatabaseTimeouts> } = {},
): Promise<TestDatabase> {
  const cluster = await PgCluster.start({ dataDir: inject('pgClusterDataDir') });
  const name = `test_${randomBytes(6).toString('hex')}`;
  await runOnce(cluster.url('primary', 'postgres'), `create database ${name} template ${templateDatabase}`);
  await cluster.replica.waitForReplay();
  const primaryUrl = cluster.url('primary', name);
  const replicaUrl = cluster.url('replica', name);
  const db = await Database.connect(
    {
      primaryUrl,
      replicaUrls: [replicaUrl],
      poolSize: 20,
      // a shared test machine is sometimes so busy that 200 concurrent calls wait for one of 20
      // connections past the production bound; tests of that bound ask for it
      timeouts: { acquireMs: 10_000, ...options.timeouts },
    },
    options,
  );
  const pools = {
    primary: new pg.Pool({ connectionString: primaryUrl }),
    replica: new pg.Pool({ connectionString: replicaUrl }),
  };
  // an idle connection ended by the server (replica restart; drop's `with (force)`, since pool.end()
  // resolves before its sockets close) surfaces as a pool 'error' that would otherwise crash the run
  for (const pool of Object.values(pools)) pool.on('error', () => undefined);
  return {
    name,
    db,
    cluster,
    primaryUrl,
    replicaUrl,
    async sql(server, text, params) {
      const result = await pools[server].query(text, params);
      return result.rows;
    },
    async stockAndLedger(variantId) {
      const result = await pools.primary.query<{ stock: number; ledger: number }>(
        `select v.stock_on_hand as stock,
                (select coalesce(sum(delta), 0)::int from stock_movement m where m.variant_id = v.id) as ledger
           from variant v where v.id = $1`,
        [variantId],
      );
      return result.rows[0];
    },
    // a replica behind the monitor's first sample has no known staleness and is passed over until the monitor looks again
    async replicaCaughtUp() {
      await cluster.replica.waitForReplay();
      await db.refreshHealth();
    },
    async drop() {
      await db.close();
      await Promise.all([pools.primary.end(), pools.replica.end()]);
      await runOnce(cluster.url('primary', 'postgres'), `drop database if exists ${name} with (force)`);
    },
  };
}

async function runOnce(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
