import { defaultDataDir, PgCluster } from '@holdfast/pg-cluster';

/** Starts (or reuses) the development primary + replica and points the environment at them. */
export async function startEmbeddedDatabase(): Promise<PgCluster> {
  const cluster = await PgCluster.start({ dataDir: defaultDataDir() });
  process.env.DATABASE_URL = cluster.url('primary');
  process.env.DATABASE_REPLICA_URLS = cluster.url('replica');
  return cluster;
}
