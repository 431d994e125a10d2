import { startTestCluster } from '@holdfast/pg-cluster';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { Database } from '../database.ts';
import { applyMigrations } from '../migrate.ts';

export const templateDatabase = 'holdfast_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgClusterDataDir: string;
  }
}

/** One primary + replica pair per test run, and a migrated template database each test file copies. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startTestCluster();
  const admin = new pg.Client({ connectionString: cluster.url('primary', 'postgres') });
  await admin.connect();
  await admin.query(`create database ${templateDatabase}`);
  await admin.end();
  const db = await Database.connect({
    primaryUrl: cluster.url('primary', templateDatabase),
    replicaUrls: [],
    poolSize: 2,
  });
  await applyMigrations(db);
  await db.close();
  project.provide('pgClusterDataDir', cluster.dataDir);
  return () => cluster.destroy();
}
