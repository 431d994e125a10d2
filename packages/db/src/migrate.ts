import type { Database } from './database.ts';

/** Applies pending migrations on the primary; returns their names. Safe to run again. */
export async function applyMigrations(db: Database): Promise<string[]> {
  const applied = await db.withoutTimeouts((orm) => orm.migrator.up());
  return applied.map((migration) => migration.name);
}
