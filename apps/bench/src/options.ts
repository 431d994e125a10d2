import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  products: number;
  /** Seconds of each measured run (one client count of one scenario). */
  durationS: number;
  quick: boolean;
  jsonPath: string;
}

const defaultJsonPath = fileURLToPath(new URL('../results/latest.json', import.meta.url));
const quickProducts = 2_000;
const quickDurationS = 3;

const usage = `Usage: npm run bench -- [--products N] [--duration SECONDS] [--quick] [--json PATH]
  --products   catalog size (default 100000; --quick: ${quickProducts})
  --duration   seconds per measured run (default 10; --quick: ${quickDurationS})
  --quick      small catalog and short runs: a smoke test, not a measurement
  --json       where the results go (default apps/bench/results/latest.json)`;

function positiveInteger(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new Error(`--${name} must be a positive integer\n${usage}`);
  return parsed;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      products: { type: 'string' },
      duration: { type: 'string' },
      quick: { type: 'boolean', default: false },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const quick = values.quick;
  return {
    quick,
    products: values.products
      ? positiveInteger('products', values.products)
      : quick
        ? quickProducts
        : 100_000,
    durationS: values.duration ? positiveInteger('duration', values.duration) : quick ? quickDurationS : 10,
    // npm runs workspace scripts inside apps/bench; a relative path means relative to where npm was started
    jsonPath: values.json
      ? path.resolve(process.env.INIT_CWD ?? process.cwd(), values.json)
      : defaultJsonPath,
  };
}
