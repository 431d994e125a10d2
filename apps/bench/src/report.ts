import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CatalogLoadResult } from './catalog-load.ts';
import type { CheckoutRunResult } from './checkout-load.ts';
import type { CostPerOp } from './cost-model.ts';
import type { IntegrityReport } from './integrity.ts';
import type { LoginBurstResult } from './login-burst.ts';
import type { MemoryReport } from './memory.ts';
import type { PgbenchResult } from './pgbench.ts';
import type { CheckoutProfile, SqlDrift } from './profile-checkout.ts';
import type { SearchExplainResult } from './search-explain.ts';
import type { ShoppingMixResult } from './shopping-mix.ts';
import { round } from './stats.ts';

/** Where the CPU went during a run: cores = CPU time / wall time, so 1.0 is one core busy all along. */
export interface CpuUse {
  serverMsPerOp: number;
  serverCores: number;
  /** This process: the load generator (buyers' clients or autocannon). */
  benchCores: number;
}

export interface CheckoutLevel {
  clients: number;
  cartsPerBuyer: number;
  api: CheckoutRunResult;
  cpu: CpuUse;
  /** CPU per confirmed order (ordersPlaced: every order the measured run completed), by process. */
  cost: CostPerOp;
  pgbench: PgbenchResult | null;
  /** CPU per committed pgbench transaction: pgbench, primary, replica (WAL replay); no API server. */
  pgbenchCost: CostPerOp | null;
  /** API orders/s over pgbench transactions/s; null without pgbench. */
  ratio: number | null;
  /** Each round's orders/s and pgbench's tps, in the order measured: what the figures above add up. */
  rounds: { api: number[]; pgbench: number[] };
}

type MeasuredCheckout = { api: CheckoutRunResult; cpu: CpuUse; cost: CostPerOp };
type MeasuredCatalog = CatalogLoadResult & { cpu: CpuUse; cost: CostPerOp };

export interface CatalogComparison {
  api: MeasuredCatalog;
  /** The API's procedure through tRPC's caller on node:http (caller-server.ts): the API less its HTTP stack. */
  procedure: MeasuredCatalog;
  baseline: MeasuredCatalog;
  /** API req/s over baseline req/s. */
  ratio: number;
}

const catalogKinds = ['search', 'browse'] as const;
const catalogSides = ['api', 'procedure', 'baseline'] as const;
const sideNames = { api: 'API', procedure: 'procedure', baseline: 'baseline' } as const;

/**
 * The default, one server process per core, beside the single process every other measure
 * runs: spread checkout at one client count and catalog browse. CPU is each server's whole
 * process tree (the primary and its workers).
 */
export interface ProcessComparison {
  /** SERVER_PROCESSES of the second server: os.availableParallelism(). */
  many: number;
  spreadCheckout: { buyers: number; one: MeasuredCheckout | null; many: MeasuredCheckout };
  browse: { one: MeasuredCatalog; many: MeasuredCatalog };
  /** The N-process server over its runs; the single process's is `memory.server`. */
  manyMemory: MemoryReport;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  options: { products: number; durationS: number; quick: boolean };
  machine: { cpus: number; node: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  pgbench: { path: string | null; note: string };
  catalog: {
    products: number;
    variants: number;
    seedSeconds: number;
    hotVariantId: number;
    spreadVariants: number;
  };
  checkout: { hot: CheckoutLevel[]; spread: CheckoutLevel[]; counted: string };
  catalogReads: {
    connections: number;
    search: CatalogComparison;
    browse: CatalogComparison;
    searchWords: string[];
    sameAnswers: { same: boolean; firstDifference?: string };
    sqlDrift: SqlDrift[];
  };
  searchExplain: SearchExplainResult;
  shoppingMix: ShoppingMixResult;
  loginBurst: LoginBurstResult;
  /** null on a machine with one core: nothing to compare. */
  processes: ProcessComparison | null;
  memory: { server: MemoryReport; baseline: MemoryReport };
  integrity: IntegrityReport;
  profile: CheckoutProfile;
  targets: TargetRow[];
}

export interface TargetRow {
  measure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  status: 'met' | 'NOT MET' | 'n/a';
}

const percent = (ratio: number | null) => (ratio === null ? '-' : `${Math.round(ratio * 100)}%`);
const status = (met: boolean | null): TargetRow['status'] => (met === null ? 'n/a' : met ? 'met' : 'NOT MET');

function checkoutRows(name: string, levels: CheckoutLevel[], minRatio: number): TargetRow[] {
  return levels.map((level) => ({
    measure: `${name} checkout, ${level.clients} buyer${level.clients === 1 ? '' : 's'} (orders/s)`,
    value: `${round(level.api.ordersPerSec)}${level.api.poolExhausted ? ' *' : ''}`,
    baseline: level.pgbench ? `pgbench ${round(level.pgbench.tps)}` : 'no pgbench',
    ratio: percent(level.ratio),
    target: `>= ${minRatio * 100}% of pgbench`,
    status: status(level.ratio === null ? null : level.ratio >= minRatio),
  }));
}

function catalogRow(name: string, comparison: CatalogComparison, minRatio: number): TargetRow {
  const { api, baseline } = comparison;
  return {
    measure: `catalog ${name}, 64 conns (req/s; p50/p99 ms)`,
    value: `${round(api.requestsPerSec)}; ${api.latencyP50Ms}/${api.latencyP99Ms}`,
    baseline: `http+pg ${round(baseline.requestsPerSec)}; ${baseline.latencyP50Ms}/${baseline.latencyP99Ms}`,
    ratio: percent(comparison.ratio),
    target: `>= ${minRatio * 100}% of baseline`,
    status: status(comparison.ratio >= minRatio),
  };
}

function httpStackLine(kind: string, { api, procedure, baseline }: CatalogComparison): string {
  const apiMs = api.cpu.serverMsPerOp;
  const stackMs = apiMs - procedure.cpu.serverMsPerOp;
  return (
    `  ${kind}: HTTP stack ${round(stackMs, 2)} of ${round(apiMs, 2)} ms (${percent(stackMs / apiMs)}); ` +
    `without it the procedure serves ${percent(procedure.requestsPerSec / baseline.requestsPerSec)} of the baseline's req/s ` +
    `(the API ${percent(api.requestsPerSec / baseline.requestsPerSec)})`
  );
}

// the checkout level whose server CPU per order has a target: many buyers, none of them waiting on another's lock
const cpuTargetBuyers = 16;
const maxServerMsPerOrder = 0.8;

/**
 * The target is in milliseconds, as the issue set it, but this host's speed moves two- to
 * three-fold within a day; the ratio column is the issue's own comparison, the baseline server's
 * CPU per browse request in the same run, which does compare across runs (the issue measured 5-12x).
 */
function serverCpuRow(spread: CheckoutLevel[], browse: CatalogComparison): TargetRow {
  const level = spread.find(({ clients }) => clients === cpuTargetBuyers);
  const baselineMs = browse.baseline.cpu.serverMsPerOp;
  return {
    measure: `server CPU per order, spread checkout, ${cpuTargetBuyers} buyers (ms)`,
    value: level ? String(round(level.cpu.serverMsPerOp, 2)) : '-',
    baseline: `http+pg ${round(baselineMs, 2)} per browse req`,
    ratio: level ? `${round(level.cpu.serverMsPerOp / baselineMs, 1)}x` : '-',
    target: `<= ${maxServerMsPerOrder} ms`,
    status: status(level ? level.cpu.serverMsPerOp <= maxServerMsPerOrder : null),
  };
}

// a histogram bound: 0 is its own bucket (no wait at all), any other bucket says "at most"
const milliseconds = (bound: number) => (Number.isNaN(bound) ? '-' : bound === 0 ? '0 ms' : `<= ${bound} ms`);

function shoppingMixRows(mix: ShoppingMixResult): TargetRow[] {
  const { catalogReads, readYourWritesWait } = mix;
  return [
    {
      measure: `shopping mix, ${mix.shoppers} shoppers + 1 admin: catalog reads on a replica`,
      value: `${catalogReads.replica} of ${catalogReads.total}`,
      baseline: '-',
      ratio: percent(Number.isNaN(catalogReads.replicaShare) ? null : catalogReads.replicaShare),
      target: '>= 95% on replicas',
      status: status(catalogReads.total > 0 ? catalogReads.replicaShare >= 0.95 : null),
    },
    {
      // p50/p99 are the bounds of the histogram buckets they fall in (server's /metrics)
      measure: 'shopping mix: read-your-writes wait (p50/p99)',
      value: `${milliseconds(readYourWritesWait.p50AtMostMs)} / ${milliseconds(readYourWritesWait.p99AtMostMs)}`,
      baseline: `${readYourWritesWait.reads} reads after a write`,
      ratio: '-',
      target: 'admin sees own price change',
      status: status(mix.priceChanges > 0 ? mix.staleAfterOwnWrite === 0 : null),
    },
  ];
}

// what one scrypt hash holds (passwords.ts): a rise past two of them means hashes ran side by side
const hashMb = 64;

function loginBurstRow(burst: LoginBurstResult): TargetRow {
  return {
    measure: `sign-in burst, ${burst.logins} at once: rise of a server process's RSS (MB)`,
    value: `${burst.rssRiseMb}`,
    baseline: `${burst.signedIn} signed in, ${burst.busy} busy, all in ${round(burst.slowestMs)} ms`,
    ratio: '-',
    target: `< ${2 * hashMb} MB (one ${hashMb} MiB hash at a time)`,
    status: status(burst.signedIn === burst.logins && burst.rssRiseMb < 2 * hashMb),
  };
}

export function targetRows(results: Omit<BenchResults, 'targets' | 'finishedAt'>): TargetRow[] {
  const { searchExplain, memory, integrity } = results;
  return [
    ...checkoutRows('hot-SKU', results.checkout.hot, 0.5),
    ...checkoutRows('spread', results.checkout.spread, 0.35),
    serverCpuRow(results.checkout.spread, results.catalogReads.browse),
    catalogRow('search', results.catalogReads.search, 0.7),
    catalogRow('browse', results.catalogReads.browse, 0.8),
    ...shoppingMixRows(results.shoppingMix),
    {
      measure: `search at the DB, ${searchExplain.runs} words (p50/p99 ms)`,
      value: `${round(searchExplain.executionP50Ms, 2)}/${round(searchExplain.executionP99Ms, 2)}`,
      baseline: `term index in ${searchExplain.runsUsingIndex}/${searchExplain.runs} plans`,
      ratio: '-',
      target: 'p99 < 5 ms',
      status: status(searchExplain.executionP99Ms < 5 && searchExplain.runsUsingIndex === searchExplain.runs),
    },
    loginBurstRow(results.loginBurst),
    {
      // the target is a serving process's; the primary that watches it is counted in the sum
      measure: 'server peak RSS, VmHWM (MB): serving process; all processes',
      value: `${memory.server.peakProcessRssMb}; ${memory.server.peakRssMb} (idle ${memory.server.startRssMb})`,
      baseline: `baseline srv ${memory.baseline.peakRssMb} (idle ${memory.baseline.startRssMb})`,
      ratio: '-',
      target: '< 300 MB per process',
      status: status(memory.server.peakProcessRssMb < 300),
    },
    {
      measure: 'zero oversell (ledger, stock >= 0, orders)',
      value: `${integrity.orders} orders`,
      baseline: `${integrity.ordersAcknowledged} acknowledged`,
      ratio: '-',
      target: 'all consistent',
      status: status(integrity.ok),
    },
  ];
}

function processTable(comparison: ProcessComparison, oneMemory: MemoryReport): string {
  const { many, spreadCheckout, browse, manyMemory } = comparison;
  const times = (oneValue: number, manyValue: number) => `${round(manyValue / oneValue, 2)}x`;
  const row = (measure: string, one: number, manyValue: number, digits = 0) => [
    measure,
    String(round(one, digits)),
    String(round(manyValue, digits)),
    times(one, manyValue),
  ];
  const rows = [['measure', '1 process', `${many} processes`, `${many} / 1`]];
  if (spreadCheckout.one) {
    const [one, n] = [spreadCheckout.one, spreadCheckout.many];
    const name = `spread checkout, ${spreadCheckout.buyers} buyers`;
    rows.push(
      row(`${name}: orders/s`, one.api.ordersPerSec, n.api.ordersPerSec),
      row(`${name}: p99 ms`, one.api.latencyP99Ms, n.api.latencyP99Ms),
      row(`${name}: server CPU ms/order`, one.cost.serverMs ?? Number.NaN, n.cost.serverMs ?? Number.NaN, 3),
      row(`${name}: server cores busy`, one.cpu.serverCores, n.cpu.serverCores, 2),
    );
  }
  rows.push(
    row('catalog browse, 64 conns: req/s', browse.one.requestsPerSec, browse.many.requestsPerSec),
    row('catalog browse: p99 ms', browse.one.latencyP99Ms, browse.many.latencyP99Ms),
    row(
      'catalog browse: server CPU ms/req',
      browse.one.cost.serverMs ?? Number.NaN,
      browse.many.cost.serverMs ?? Number.NaN,
      3,
    ),
    row('catalog browse: server cores busy', browse.one.cpu.serverCores, browse.many.cpu.serverCores, 2),
    row('server peak RSS, all processes (MB)', oneMemory.peakRssMb, manyMemory.peakRssMb, 1),
    row('server peak RSS, largest process (MB)', oneMemory.peakProcessRssMb, manyMemory.peakProcessRssMb, 1),
  );
  return [
    `\nserver processes: the default (${many}, one per core) beside 1 (every other row); CPU and RSS of the whole tree, primary and workers; ` +
      `1 process = a primary and one worker (${oneMemory.processes} processes sampled)`,
    table(rows),
  ].join('\n');
}

function table(rows: string[][]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ');
  const [head, ...body] = rows;
  return [line(head ?? []), widths.map((width) => '-'.repeat(width)).join('-|-'), ...body.map(line)].join(
    '\n',
  );
}

export function printReport(results: BenchResults): void {
  const { checkout, catalogReads, searchExplain, profile, memory, integrity } = results;
  const out: string[] = [];
  out.push(
    `\nHoldfast bench: ${results.catalog.products} products, ${results.catalog.variants} variants, ` +
      `${results.options.durationS} s per run${results.options.quick ? ' (QUICK: smoke run, not a measurement)' : ''}`,
  );
  out.push(
    `machine: ${results.machine.cpus} CPUs, node ${results.machine.node}, load average ` +
      `${results.machine.loadAverageAtStart.map((load) => load.toFixed(2)).join(' ')} at start, ` +
      `${results.machine.loadAverageAtEnd.map((load) => load.toFixed(2)).join(' ')} at end`,
  );
  out.push(`pgbench: ${results.pgbench.path ?? 'NOT FOUND'} (${results.pgbench.note})`);
  out.push(`seed: ${round(results.catalog.seedSeconds)} s with @holdfast/db seedCatalog\n`);
  out.push(
    table([
      ['measure', 'Holdfast API', 'baseline', 'ratio', 'target', 'status'],
      ...results.targets.map((row) => [
        row.measure,
        row.value,
        row.baseline,
        row.ratio,
        row.target,
        row.status,
      ]),
    ]),
  );
  out.push(`\ncounted: ${checkout.counted}`);
  if ([...checkout.hot, ...checkout.spread].some((level) => level.api.poolExhausted)) {
    out.push(
      '* a buyer ran out of prepared carts: the window was cut short where it did (see windowS in the JSON)',
    );
  }
  out.push('\ncheckout detail (API placeOrder latency; failures)');
  out.push(
    table([
      [
        'scenario',
        'buyers',
        'orders/s',
        'p50 ms',
        'p99 ms',
        'window s',
        'failures',
        'srv CPU ms/order',
        'srv cores',
        'bench cores',
        'pgbench avg ms',
      ],
      ...(['hot', 'spread'] as const).flatMap((scenario) =>
        checkout[scenario].map((level) => [
          scenario,
          String(level.clients),
          String(round(level.api.ordersPerSec)),
          String(round(level.api.latencyP50Ms)),
          String(round(level.api.latencyP99Ms)),
          String(round(level.api.windowS, 2)),
          JSON.stringify(level.api.failures),
          String(round(level.cpu.serverMsPerOp, 2)),
          String(round(level.cpu.serverCores, 2)),
          String(round(level.cpu.benchCores, 2)),
          level.pgbench ? String(round(level.pgbench.latencyAvgMs, 2)) : '-',
        ]),
      ),
    ]),
  );
  const ms = (value: number | null) =>
    value === null ? '-' : Number.isNaN(value) ? '?' : String(round(value, 3));
  const costCells = (cost: CostPerOp) => [
    String(cost.ops),
    ms(cost.serverMs),
    ms(cost.primaryMs),
    ms(cost.replicaMs),
    ms(cost.loadGeneratorMs),
    ms(cost.totalMs),
    Number.isNaN(cost.opsPerCore) ? '?' : String(Math.round(cost.opsPerCore)),
  ];
  const costHead = ['ops', 'server', 'primary', 'replica', 'load gen', 'total', 'ops/s per core'];
  out.push(
    '\ncost model: CPU ms per order (checkout) or per 2xx request (catalog), by process; ' +
      'ops/s per core = 1000 / total. primary, replica: the postmaster and all its children; ' +
      'load gen: this process (clients, autocannon) plus pgbench',
  );
  out.push(
    table([
      ['scenario', 'clients', 'run', ...costHead],
      ...(['hot', 'spread'] as const).flatMap((scenario) =>
        checkout[scenario].flatMap((level) => [
          [scenario, String(level.clients), 'API', ...costCells(level.cost)],
          ...(level.pgbenchCost
            ? [[scenario, String(level.clients), 'pgbench', ...costCells(level.pgbenchCost)]]
            : []),
        ]),
      ),
      ...catalogKinds.flatMap((kind) =>
        catalogSides.map((side) => [
          kind,
          String(catalogReads.connections),
          sideNames[side],
          ...costCells(catalogReads[kind][side].cost),
        ]),
      ),
    ]),
  );
  out.push('\ncatalog detail (server CPU per request; cores busy: server, load generator)');
  out.push(
    table([
      [
        'kind',
        'server',
        'req/s',
        'p50 ms',
        'p99 ms',
        'failures',
        'srv CPU ms/req',
        'srv cores',
        'bench cores',
      ],
      ...catalogKinds.flatMap((kind) =>
        catalogSides.map((side) => {
          const run = catalogReads[kind][side];
          return [
            kind,
            sideNames[side],
            String(round(run.requestsPerSec)),
            String(run.latencyP50Ms),
            String(run.latencyP99Ms),
            String(run.failures),
            String(round(run.cpu.serverMsPerOp, 2)),
            String(round(run.cpu.serverCores, 2)),
            String(round(run.cpu.benchCores, 2)),
          ];
        }),
      ),
    ]),
  );
  out.push(
    "\nwhere the API's catalog CPU goes: its HTTP stack (Fastify and its tRPC transport) is the API's server CPU per request less the procedure's",
  );
  for (const kind of catalogKinds) out.push(httpStackLine(kind, catalogReads[kind]));
  if (results.processes) out.push(processTable(results.processes, results.memory.server));
  out.push(
    `\ncatalog baseline answers the same pages as the API: ${catalogReads.sameAnswers.same ? 'yes' : `NO (${catalogReads.sameAnswers.firstDifference})`}`,
  );
  for (const drift of catalogReads.sqlDrift) {
    out.push(`baseline SQL identical to the API's logged SQL (${drift.kind}): ${drift.same ? 'yes' : 'NO'}`);
    if (!drift.same) out.push(`  api:      ${drift.api}\n  baseline: ${drift.baseline}`);
  }
  out.push(
    `\nsearch at the DB: EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) on the replica, ${searchExplain.runs} common name words, ` +
      `execution p50 ${round(searchExplain.executionP50Ms, 2)} ms, p99 ${round(searchExplain.executionP99Ms, 2)} ms, ` +
      `max ${round(searchExplain.executionMaxMs, 2)} ms; planning p50 ${round(searchExplain.planningP50Ms, 2)} ms; ` +
      `product rows read per word p50 ${searchExplain.productsReadP50}, max ${searchExplain.productsReadMax}`,
  );
  out.push(`plan for "${searchExplain.sampleWord}":\n${searchExplain.samplePlan}`);
  const mix = results.shoppingMix;
  out.push(
    `\nshopping mix, ${round(mix.windowS, 2)} s: ${mix.ordersPlaced} orders placed (${round(mix.ordersPlaced / mix.windowS)}/s), ` +
      `cart to order p50 ${round(mix.cartToOrderP50Ms)} ms, p99 ${round(mix.cartToOrderP99Ms)} ms; ` +
      `${mix.priceChanges} price changes by the admin, ${mix.staleAfterOwnWrite} of them not seen on its next product page; ` +
      `catalog reads on the primary by reason ${JSON.stringify(mix.catalogReads.primaryByReason)}; ` +
      `failures ${JSON.stringify(mix.failures)}`,
  );
  out.push(
    `\none placeOrder, LOG_LEVEL=debug: ${profile.transactionStatements} statements begin..commit (BEGIN goes with the first, the writes with the COMMIT), ` +
      `${profile.whileCartLocked} from the cart lock to commit, ${profile.whileStockLocked} from the stock lock to commit, ` +
      `${profile.outsideTransaction} outside the transaction`,
  );
  profile.statements.forEach((statement, index) => {
    out.push(
      `  ${String(index + 1).padStart(2)}. [${statement.connection}] ${statement.sql.replace(/\s+/g, ' ').slice(0, 150)}`,
    );
  });
  out.push(
    `\nserving process's peak RSS (${memory.server.peakProcessRssMb} MB) first seen during: ${memory.server.peakProcessDuring}`,
  );
  out.push(
    `\nintegrity: ${integrity.ledgerMismatches} ledger mismatches, ${integrity.negativeStock} negative stock, ` +
      `${integrity.orders} orders / ${integrity.orderLines} lines / ${integrity.unitsOrdered} units in the ledger / ` +
      `${integrity.ordersAcknowledged} acknowledged; hot SKU stock ${integrity.hotSku.stockOnHand} ` +
      `(expected ${integrity.hotSku.expected}, ${integrity.hotSku.unitsSold} sold)`,
  );
  console.log(out.join('\n'));
}

export function writeJson(file: string, results: BenchResults): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
