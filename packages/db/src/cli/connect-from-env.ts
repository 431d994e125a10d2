import { databaseConfigFromEnv } from '../config.ts';
import { Database } from '../database.ts';

/** Connects the way the server does; with no DATABASE_URL, to the development pair in .holdfast/. */
export async function connectFromEnv(): Promise<{ db: Database; stop: () => Promise<void> }> {
  if (!process.env.DATABASE_URL) {
    const { PgCluster, defaultDataDir } = await import('@holdfast/pg-cluster');
    const cluster = await PgCluster.start({ dataDir: defaultDataDir() });
    process.env.DATABASE_URL = cluster.url('primary');
    process.env.DATABASE_REPLICA_URLS = cluster.url('replica');
  }
  const db = await Database.connect(databaseConfigFromEnv());
  return { db, stop: () => db.close() };
}
