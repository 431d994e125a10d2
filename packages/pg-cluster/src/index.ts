export { resolveBinaries, type PgBinaries } from './binaries.ts';
export { PgCluster, type ClusterOptions } from './cluster.ts';
export { ReplicaControl } from './replica-control.ts';
export { defaultDataDir } from "./default-data-dir.ts";
export { startTestCluster } from './test-cluster.ts';
