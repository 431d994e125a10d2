import { connectFromEnv } from './connect-from-env.ts';

// Diffs the entities against a database that has every checked-in migration applied.
const { db, stop } = await connectFromEnv();
try {
  await db.withoutTimeouts(async ({ migrator }) => {
    await migrator.up();
    const result = await migrator.create(undefined, false, false, process.argv[2]);
    console.log(result.fileName ? `created ${result.fileName}` : 'no schema changes');
  });
} finally {
  await stop();
}
