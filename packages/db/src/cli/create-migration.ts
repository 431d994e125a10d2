import { connectFromEnv } from './connect-from-env.ts';

// Diffs the entities against a database that has every checked-in migration applied.
const { db, stop } = await connectFromEnv();
try {
  await db.primaryOrm.migrator.up();
  const result = await db.primaryOrm.migrator.create(undefined, false, false, process.argv[2]);
  console.log(result.fileName ? `created ${result.fileName}` : 'no schema changes');
} finally {
  await stop();
}
