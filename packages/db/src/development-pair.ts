import type { ClusterOptions, PgCluster } from '@holdfast/pg-cluster';
import { importDevDependency } from './dev-dependency.ts';
import type { Environment } from './environment.ts';

const loadPgCluster = () =>
  importDevDependency(
    () => import('@holdfast/pg-cluster'),
    'Running without DATABASE_URL (the embedded PostgreSQL)',
  );

/** Where the development pair lives and which binaries and account run it. */
export async function developmentPairOptions(environment: Environment): Promise<ClusterOptions> {
  const { defaultDataDir } = await loadPgCluster();
  return {
    dataDir: environment.HOLDFAST_DATA_DIR ?? defaultDataDir(),
    binDir: environment.PG_BIN_DIR,
    serverUser: environment.HOLDFAST_PG_USER,
  };
}

/**
 * Starts (or reuses) the primary + replica that stand in when DATABASE_URL is unset, and
 * returns the environment pointed at them. pg-cluster is loaded only here, so a process given
 * a DATABASE_URL never needs it installed.
 */
export async function startDevelopmentPair(
  environment: Environment,
): Promise<{ cluster: PgCluster; environment: Environment }> {
  const { PgCluster } = await loadPgCluster();
  const cluster = await PgCluster.start(await developmentPairOptions(environment));
  return {
    cluster,
    environment: {
      ...environment,
      DATABASE_URL: cluster.url('primary'),
      DATABASE_REPLICA_URLS: [cluster.url('replica')],
    },
  };
}
