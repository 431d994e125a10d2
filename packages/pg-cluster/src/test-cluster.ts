import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PgCluster } from './cluster.ts';

/** A throwaway, non-durable pair in a temporary folder; `destroy()` removes it. */
export function startTestCluster(): Promise<PgCluster> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'holdfast-pg-'));
  return PgCluster.start({ dataDir, durable: false });
}
