#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { PgCluster } from '@holdfast/pg-cluster';
import { developmentPairOptions } from '../development-pair.ts';
import { readEnvironment } from '../environment.ts';

const usage = `usage: npm run db:<up|down|env> -- [--data-dir DIR] [--bin-dir DIR] [--durable]
  up     start the primary + streaming replica (initialising them on first use) and leave them running
  down   stop them
  env    start them if needed and print DATABASE_URL / DATABASE_REPLICA_URLS (with the password) for a shell`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string' },
    'bin-dir': { type: 'string' },
    durable: { type: 'boolean', default: false },
  },
});
const fromEnvironment = await developmentPairOptions(readEnvironment());
const options = {
  ...fromEnvironment,
  dataDir: values['data-dir'] ?? fromEnvironment.dataDir,
  binDir: values['bin-dir'] ?? fromEnvironment.binDir,
  durable: values.durable,
};

switch (positionals[0]) {
  case 'up': {
    const started = performance.now();
    const cluster = await PgCluster.start(options);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    console.log(`primary  ${cluster.displayUrl('primary')}`);
    console.log(`replica  ${cluster.displayUrl('replica')}`);
    console.log(`up in ${seconds}s (data in ${cluster.dataDir}, binaries from ${cluster.binaries.source})`);
    console.log('`npm run db:env` prints the URLs with their password.');
    break;
  }
  case 'env': {
    const cluster = await PgCluster.start(options);
    console.log(`export DATABASE_URL='${cluster.url('primary')}'`);
    console.log(`export DATABASE_REPLICA_URLS='${cluster.url('replica')}'`);
    break;
  }
  case 'down': {
    const stopped = await PgCluster.stopAt(options);
    console.log(stopped ? 'stopped' : 'not running');
    break;
  }
  default:
    console.error(usage);
    process.exitCode = 2;
}
