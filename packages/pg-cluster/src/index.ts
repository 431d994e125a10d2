export { isExecutable, type PgBinaries, resolveBinaries } from './binaries.ts';
export { type ClusterOptions, PgCluster } from './cluster.ts';
export { defaultDataDir } from './default-data-dir.ts';
export { findFreePort } from './ports.ts';
export { ReplicaControl } from './replica-control.ts';
export {
  type RunOptions,
  type RunResult,
  resolveServerUser,
  runAs,
  runCommand,
  type ServerUser,
} from './server-user.ts';
export { startTestCluster } from './test-cluster.ts';
