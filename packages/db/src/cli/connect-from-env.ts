import { databaseConfig } from '../config.ts';
import { Database } from '../database.ts';
import { startDevelopmentPair } from '../development-pair.ts';
import { readEnvironment } from '../environment.ts';

/** Connects the way the server does; with no DATABASE_URL, to the development pair in .holdfast/. */
export async function connectFromEnv(): Promise<{ db: Database; stop: () => Promise<void> }> {
  let environment = readEnvironment();
  if (!environment.DATABASE_URL) ({ environment } = await startDevelopmentPair(environment));
  const db = await Database.connect(databaseConfig(environment));
  return { db, stop: () => db.close() };
}
