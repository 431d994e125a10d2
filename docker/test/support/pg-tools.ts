import path from 'node:path';
import { requireTool } from './tools.ts';

/** PostgreSQL client and server programs; pg_basebackup and psql are not in the npm builds. */
export const pgBinDir = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

export function pgTool(name: 'initdb' | 'pg_ctl' | 'pg_basebackup' | 'psql'): string {
  return requireTool(
    name,
    'set PG_BIN_DIR to a PostgreSQL bin directory that has initdb, pg_ctl, pg_basebackup and psql ' +
      '(Debian: apt-get install postgresql-15, which fills /usr/lib/postgresql/15/bin)',
    [path.resolve(pgBinDir)],
  );
}
