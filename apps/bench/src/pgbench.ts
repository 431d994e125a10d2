import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readEnvironment } from '@holdfast/db';
import { isExecutable, runCommand } from '@holdfast/pg-cluster';

export interface PgbenchResult {
  tps: number;
  transactions: number;
  failed: number;
  latencyAvgMs: number;
}

/**
 * The checkout transaction with nothing around it: the lock, the decrement, the order, its
 * line and the ledger row, in the order the API writes them. It is the ceiling an application
 * on this primary could reach; -M prepared, so parsing is not what it pays for.
 */
const checkoutScript = String.raw`\set id random(:lo, :hi)
BEGIN;
SELECT v.sku, v.name AS variant_name, v.price_cents, p.name AS product_name
  FROM variant v JOIN product p ON p.id = v.product_id
 WHERE v.id = :id FOR UPDATE OF v \gset
UPDATE variant SET stock_on_hand = stock_on_hand - 1 WHERE id = :id;
INSERT INTO orders (number, email, status, total_cents, idempotency_key, request_hash, created_at)
VALUES ('PB-' || substr(md5(random()::text), 1, 24), 'pgbench@bench.invalid', 'awaiting_payment',
        :price_cents, gen_random_uuid()::text, md5(random()::text) || md5(random()::text), now())
RETURNING id AS order_id \gset
INSERT INTO order_line (order_id, variant_id, sku, product_name, variant_name, unit_price_cents, quantity)
VALUES (:order_id, :id, :sku, :product_name, :variant_name, :price_cents, 1);
INSERT INTO stock_movement (variant_id, delta, reason, order_id, created_at)
VALUES (:id, -1, 'order', :order_id, now());
COMMIT;
`;

/** PG_BIN_DIR first (an explicit choice), then PATH, then Debian's versioned folders, newest first. */
export function findPgbench(): string | undefined {
  const candidates: string[] = [];
  const { PG_BIN_DIR } = readEnvironment();
  if (PG_BIN_DIR) candidates.push(path.join(PG_BIN_DIR, 'pgbench'));
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    candidates.push(path.join(dir, 'pgbench'));
  }
  try {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions)
      candidates.push(path.join('/usr/lib/postgresql', version, 'bin', 'pgbench'));
  } catch {
    // no Debian-style installation
  }
  return candidates.find(isExecutable);
}

/** "pgbench (PostgreSQL) 15.18 ...": the client's version, for the record (it may differ from the server's). */
export async function pgbenchVersion(pgbench: string): Promise<string> {
  const result = await runCommand(pgbench, ['--version']);
  return result.output.trim();
}

export interface PgbenchRun {
  pgbench: string;
  databaseUrl: string;
  workDir: string;
  clients: number;
  durationS: number;
  /** Variant ids to buy, inclusive; lo = hi for the hot SKU. */
  variantLo: number;
  variantHi: number;
}

export async function runPgbench(run: PgbenchRun): Promise<PgbenchResult> {
  const scriptPath = path.join(run.workDir, 'checkout.pgbench');
  writeFileSync(scriptPath, checkoutScript);
  const url = new URL(run.databaseUrl);
  const args = [
    '--no-vacuum',
    '--protocol=prepared',
    `--client=${run.clients}`,
    // two cores: more pgbench threads than that only adds scheduling noise
    `--jobs=${Math.min(run.clients, 2)}`,
    `--time=${run.durationS}`,
    `--file=${scriptPath}`,
    `--define=lo=${run.variantLo}`,
    `--define=hi=${run.variantHi}`,
  ];
  // the password travels in the environment, never on a command line other users can read
  const result = await runCommand(run.pgbench, args, {
    env: {
      ...process.env,
      LC_ALL: 'C',
      PGHOST: url.hostname,
      PGPORT: url.port,
      PGUSER: decodeURIComponent(url.username),
      PGPASSWORD: decodeURIComponent(url.password),
      PGDATABASE: url.pathname.slice(1),
    },
  });
  if (result.code !== 0) throw new Error(`pgbench exited with ${result.code}:\n${result.output}`);
  return parsePgbenchOutput(result.output);
}

function parsePgbenchOutput(output: string): PgbenchResult {
  const number = (pattern: RegExp): number => {
    const match = output.match(pattern);
    if (!match) throw new Error(`unexpected pgbench output (no ${pattern}):\n${output}`);
    return Number(match[1]);
  };
  return {
    tps: number(/^tps = ([\d.]+)/m),
    transactions: number(/^number of transactions actually processed: (\d+)/m),
    // pgbench before 15 does not print this line; it aborts a client on any error instead
    failed: /^number of failed transactions: (\d+)/m.test(output)
      ? number(/^number of failed transactions: (\d+)/m)
      : 0,
    latencyAvgMs: number(/^latency average = ([\d.]+) ms/m),
  };
}
