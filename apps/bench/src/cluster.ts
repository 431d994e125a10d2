import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { developmentPairOptions, readEnvironment } from '@holdfast/db';
import { PgCluster } from '@holdfast/pg-cluster';

export interface BenchCluster {
  cluster: PgCluster;
  primaryUrl: string;
  replicaUrl: string;
  /** Scratch space for files the run writes (the pgbench script); removed with the cluster. */
  workDir: string;
  destroy(): Promise<void>;
}

/**
 * A primary + streaming replica of our own, durable (fsync, full-page writes, synchronous
 * commit): numbers from a cluster that skips fsync would flatter every commit-bound figure.
 */
export async function startBenchCluster(): Promise<BenchCluster> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'holdfast-bench-'));
  const workDir = path.join(root, 'work');
  const dataDir = path.join(root, 'pg');
  // mkdtemp makes it 0700; when we are root, PostgreSQL runs as another account and must reach dataDir
  chmodSync(root, 0o755);
  mkdirSync(workDir);
  try {
    // the development pair's binaries and account, in a folder of the bench's own
    const machine = await developmentPairOptions(readEnvironment());
    const cluster = await PgCluster.start({ ...machine, dataDir, durable: true });
    return {
      cluster,
      primaryUrl: cluster.url('primary'),
      replicaUrl: cluster.url('replica'),
      workDir,
      async destroy() {
        await cluster.destroy();
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    // a pair that half started (primary up, replica failed) must not outlive us
    await PgCluster.stopAt({ dataDir }).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
