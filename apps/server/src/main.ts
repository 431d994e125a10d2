import cluster from 'node:cluster';
import { ConfigError } from '@holdfast/db';

// One entry point for both roles: the primary does the once-only work and keeps SERVER_PROCESSES
// workers serving the port. Each loads only its own part: the primary never needs Fastify or sharp.
const run = cluster.isPrimary
  ? (await import('./primary.ts')).runPrimary
  : (await import('./worker.ts')).runWorker;

run().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
