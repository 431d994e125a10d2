export { type PgBinaries, resolveBinaries } from './binaries.ts';
export { type ClusterOptions, PgCluster } from './cluster.ts';
export { defaultDataDir } from './default-data-dir.ts';
export { ReplicaControl } from './replica-control.ts';
export { startTestCluster } from './test-cluster.ts';
export { findFreePort } from './ports.ts';
export { resolveServerUser, type RunOptions, type RunResult, runAs, runCommand, type ServerUser } from './server-user.ts';
