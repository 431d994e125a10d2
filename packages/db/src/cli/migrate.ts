import { applyMigrations } from '../migrate.ts';
import { connectFromEnv } from './connect-from-env.ts';

const { db, stop } = await connectFromEnv();
try {
  const applied = await applyMigrations(db);
  console.log(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');
} finally {
  await stop();
}
