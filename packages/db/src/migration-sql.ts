import { readFileSync } from 'node:fs';

/** A file of migrations/sql: SQL that migrations apply, kept as files so it reads, diffs and lints as SQL. */
export function migrationSql(name: string): string {
  return readFileSync(new URL(`./migrations/sql/${name}.sql`, import.meta.url), 'utf8');
}
