import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { replicaSessionSettings, sessionOptions } from '@holdfast/db';
import pg from 'pg';
import {
  type CatalogInput,
  type CatalogLoadResult,
  productsPath,
  runCatalogLoad,
  sameAnswers,
} from './catalog-load.ts';
import { type CheckoutRunResult, prepareBuyers, runCheckout } from './checkout-load.ts';
import { startBenchCluster } from './cluster.ts';
import { costPerOp } from './cost-model.ts';
import { type HttpChild, startHttpChild } from './http-child.ts';
import { checkIntegrity } from './integrity.ts';
import {
  combinedCatalogLoads,
  combinedCheckouts,
  combinedPgbench,
  combinedRounds,
  type Measured,
  roundOrders,
} from './interleaved-runs.ts';
import { runLoginBurst } from './login-burst.ts';
import { MemorySampler } from './memory.ts';
import { parseOptions } from './options.ts';
import { findPgbench, type PgbenchResult, pgbenchVersion, runPgbench } from './pgbench.ts';
import { childCount, childrenDownTo, measureCpu, postmasterPid } from './process-cpu.ts';
import { checkSqlDrift, profileOneCheckout } from './profile-checkout.ts';
import {
  type BenchResults,
  type CatalogComparison,
  type CheckoutLevel,
  type CpuUse,
  type ProcessComparison,
  printReport,
  targetRows,
  writeJson,
} from './report.ts';
import { commonNameWords, explainSearches } from './search-explain.ts';
import { seedBenchCatalog } from './seed-bench-catalog.ts';
import { serverCommand } from './server-command.ts';
import { settleTables } from './settle.ts';
import { runShoppingMix } from './shopping-mix.ts';

const baselineScript = fileURLToPath(new URL('./baseline-server.ts', import.meta.url));
const procedureScript = fileURLToPath(new URL('./caller-server.ts', import.meta.url));
const clientCounts = [1, 16, 64];
const catalogConnections = 64;
const mixShoppers = 16;
// sign-ins at once: more than libuv's four threads, fewer than a process's queue of hashes (16)
const burstLogins = 8;
// the checkout level compared between 1 and N server processes
const comparedBuyers = 16;
// what cart pools assume before a pgbench or API round has said how fast orders go
const fallbackOrdersPerSec = 1_500;
// prepared carts per run, whatever pgbench managed: bounds the bench's memory and setup time
const maxCartsPerRun = 150_000;
// each compared run (checkout against pgbench, the catalog servers) is split over this many
// rounds that take turns, forwards and backwards (interleaved-runs.ts)
const roundsPerRun = 3;

const cleanups: (() => Promise<unknown>)[] = [];
let cleaning: Promise<void> | undefined;

/** Last started, first stopped: the servers go before the database they talk to. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => console.error('cleanup failed:', error));
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers and removing the database`);
    void cleanUp().finally(() => process.exit(130));
  });
}

const runStarted = performance.now();
// the last progress line: what the memory samplers say a peak came during
let measuring = 'starting';
function progress(message: string): void {
  measuring = message;
  const elapsed = ((performance.now() - runStarted) / 1000).toFixed(0).padStart(4);
  console.error(`[${elapsed}s] ${message}`);
}
const measuringNow = () => measuring;

async function connect(url: string, options?: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, options });
  await client.connect();
  cleanups.push(() => client.end());
  return client;
}

/** Reads the procedure server (caller-server.ts) sent to the primary because no replica would do. */
async function primaryFallbacks(child: HttpChild): Promise<number> {
  const response = await fetch(`${child.origin}/healthz`);
  return ((await response.json()) as { primaryFallbacks: number }).primaryFallbacks;
}

async function main(): Promise<boolean> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = os.loadavg();

  progress('starting a durable primary + streaming replica');
  const bench = await startBenchCluster();
  cleanups.push(() => bench.destroy());
  progress(`migrating and seeding ${options.products} products`);
  const catalog = await seedBenchCatalog(bench.cluster, options.products);
  progress(`seeded in ${catalog.seedSeconds.toFixed(1)} s: ${catalog.variants} variants`);
  const primary = await connect(bench.primaryUrl);
  // each server's whole process tree is charged: postmaster, backends, WAL writer, walsender/receiver...
  const postgres = {
    primary: postmasterPid(path.join(bench.cluster.dataDir, 'primary')),
    replica: postmasterPid(path.join(bench.cluster.dataDir, 'replica')),
  };
  // planning as the API's replica sessions do, so that EXPLAIN shows the plans its searches run
  const replica = await connect(bench.replicaUrl, sessionOptions(replicaSessionSettings));
  // the seed's dirty pages are written now rather than by a checkpoint in the middle of a run
  await primary.query('checkpoint');

  const pgbenchPath = findPgbench() ?? null;
  const pgbenchNote = pgbenchPath
    ? `${await pgbenchVersion(pgbenchPath)}; same primary, same client counts, -M prepared, tps without connection time`
    : 'not found: pgbench columns skipped';
  if (!pgbenchPath)
    progress('pgbench not found (PG_BIN_DIR, PATH, /usr/lib/postgresql/*/bin): no pgbench column');

  // the shopping mix's admin: made by the server at start, as an operator would with ADMIN_EMAIL
  const admin = { email: 'admin@bench.invalid', password: randomBytes(18).toString('base64url') };
  // one server process for every measure, comparable with earlier runs; the default, one per
  // core, is compared with it on the measures where processes matter most
  const startServer = (logLevel: string, processes = 1): Promise<HttpChild> =>
    startHttpChild({
      name: `Holdfast server (LOG_LEVEL=${logLevel}, SERVER_PROCESSES=${processes})`,
      ...serverCommand(),
      env: {
        DATABASE_URL: bench.primaryUrl,
        DATABASE_REPLICA_URLS: bench.replicaUrl,
        LOG_LEVEL: logLevel,
        SERVER_PROCESSES: String(processes),
        SEED_DEMO_CATALOG: 'false',
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
      },
      readyPath: '/healthz',
    });
  const server = await startServer('warn');
  cleanups.push(() => server.stop());
  const serverMemory = new MemorySampler(server.pid, measuringNow);
  let ordersAcknowledged = 0;

  const cpuUse = (
    measured: { serverCpuMs: number; benchCpuMs: number; wallMs: number },
    ops: number,
  ): CpuUse => ({
    serverMsPerOp: measured.serverCpuMs / ops,
    serverCores: measured.serverCpuMs / measured.wallMs,
    benchCores: measured.benchCpuMs / measured.wallMs,
  });

  const spreadVariant = () => catalog.spread.lo + Math.floor(Math.random() * catalog.spread.count);
  const hotVariant = () => catalog.hot.variantId;

  const warmUp = async (target: HttpChild) => {
    progress('warming up the server with untimed spread checkouts');
    const { buyers } = await prepareBuyers(primary, {
      apiUrl: target.origin,
      buyers: 8,
      // enough orders for V8 to finish optimising the checkout path: after 200, the first measured
      // round still cost the server 1.6-2.3 ms per order against 1.0-1.4 in the rounds after it;
      // after 1,200 the first round was like the rest
      cartsPerBuyer: options.quick ? 5 : 150,
      pickVariant: spreadVariant,
      prices: catalog.prices,
    });
    // runs until the carts are used up
    ordersAcknowledged += (await runCheckout(target.origin, buyers, 600)).ordersPlaced;
  };
  await warmUp(server);

  /**
   * Carts for each of `clients` buyers to keep ordering for `seconds` at `ordersPerSec` (what
   * pgbench or the API last managed, when known), plus 25% headroom for noise.
   */
  const cartsFor = (clients: number, seconds: number, ordersPerSec = fallbackOrdersPerSec) =>
    Math.min(Math.ceil((ordersPerSec * seconds * 1.25) / clients) + 2, Math.floor(maxCartsPerRun / clients));

  /** placeOrder from `clients` buyers for `seconds`, each with its own connection and pool of fresh carts. */
  const measureApiCheckout = async (
    target: HttpChild,
    clients: number,
    pickVariant: () => number,
    cartsPerBuyer: number,
    seconds: number,
  ): Promise<Measured<CheckoutRunResult>> => {
    await settleTables(primary);
    const { buyers, apiSeconds, sqlSeconds } = await prepareBuyers(primary, {
      apiUrl: target.origin,
      buyers: clients,
      cartsPerBuyer,
      pickVariant,
      prices: catalog.prices,
    });
    progress(
      `  ${cartsPerBuyer * clients} carts took ${apiSeconds.toFixed(1)} s over HTTP, ${sqlSeconds.toFixed(1)} s in SQL`,
    );
    const measured = await measureCpu({ server: target.pid, ...postgres }, () =>
      runCheckout(target.origin, buyers, seconds),
    );
    ordersAcknowledged += measured.result.ordersPlaced;
    return measured;
  };
  const checkoutFigures = (measured: Measured<CheckoutRunResult>) => {
    const api = measured.result;
    return { api, cpu: cpuUse(measured, api.ordersPlaced), cost: costPerOp(measured, api.ordersPlaced) };
  };

  /** The checkout transaction alone, from `clients` pgbench clients for `seconds`. */
  const measurePgbench = async (
    pgbench: string,
    clients: number,
    seconds: number,
    variantLo: number,
    variantHi: number,
  ): Promise<Measured<PgbenchResult>> => {
    await settleTables(primary);
    const backends = childCount(postgres.primary);
    const measured = await measureCpu(postgres, async () => {
      const run = await runPgbench({
        pgbench,
        databaseUrl: bench.primaryUrl,
        workDir: bench.workDir,
        clients,
        durationS: seconds,
        variantLo,
        variantHi,
      });
      await childrenDownTo(postgres.primary, backends);
      return run;
    });
    ordersAcknowledged += measured.result.transactions;
    return measured;
  };

  // pgbench takes whole seconds; the API's rounds are as long as pgbench's. Two at least: in one,
  // 64 pgbench clients queueing on the hot SKU's row could end the round before any committed
  // (two --quick runs in a row failed so)
  const checkoutRoundS = Math.max(2, Math.round(options.durationS / roundsPerRun));

  /**
   * Each buyer count's API run and pgbench run take turns in `roundsPerRun` rounds (roundOrders),
   * so that neither always meets the host as the other left it.
   */
  const checkoutScenario = async (
    name: string,
    pickVariant: () => number,
    variantLo: number,
    variantHi: number,
  ): Promise<CheckoutLevel[]> => {
    const levels: CheckoutLevel[] = [];
    const sides = pgbenchPath ? (['pgbench', 'API'] as const) : (['API'] as const);
    // the API's latest orders/s in this scenario, at this buyer count or the one before
    let apiPace = 0;
    for (const clients of clientCounts) {
      const pgbenchRuns: Measured<PgbenchResult>[] = [];
      const apiRuns: Measured<CheckoutRunResult>[] = [];
      let cartsPerBuyer = 0;
      for (const [round, order] of roundOrders(sides, roundsPerRun).entries()) {
        for (const side of order) {
          progress(`${name} checkout, ${clients} clients, round ${round + 1} of ${roundsPerRun}: ${side}`);
          if (side === 'pgbench' && pgbenchPath) {
            pgbenchRuns.push(
              await measurePgbench(pgbenchPath, clients, checkoutRoundS, variantLo, variantHi),
            );
            continue;
          }
          // sized by the faster of pgbench's latest round and the API's: a hot SKU at 64 buyers,
          // where the API outruns pgbench, ran out of carts when pgbench's pace alone sized them
          const pace = Math.max(pgbenchRuns.at(-1)?.result.tps ?? 0, apiPace);
          const carts = cartsFor(clients, checkoutRoundS, pace || undefined);
          cartsPerBuyer = Math.max(cartsPerBuyer, carts);
          const measured = await measureApiCheckout(server, clients, pickVariant, carts, checkoutRoundS);
          apiPace = measured.result.ordersPerSec;
          apiRuns.push(measured);
        }
      }
      const figures = checkoutFigures(combinedRounds(apiRuns, combinedCheckouts));
      const pgbench = pgbenchRuns.length > 0 ? combinedRounds(pgbenchRuns, combinedPgbench) : undefined;
      levels.push({
        clients,
        cartsPerBuyer,
        ...figures,
        pgbench: pgbench?.result ?? null,
        pgbenchCost: pgbench ? costPerOp(pgbench, pgbench.result.transactions) : null,
        ratio: pgbench ? figures.api.ordersPerSec / pgbench.result.tps : null,
        rounds: {
          api: apiRuns.map((run) => run.result.ordersPerSec),
          pgbench: pgbenchRuns.map((run) => run.result.tps),
        },
      });
    }
    return levels;
  };
  const hot = await checkoutScenario('hot-SKU', hotVariant, catalog.hot.variantId, catalog.hot.variantId);
  const spread = await checkoutScenario('spread', spreadVariant, catalog.spread.lo, catalog.spread.hi);

  progress('catalog reads: common words, baseline server');
  const words = await commonNameWords(replica, 50);
  const searchInputs: CatalogInput[] = words.slice(0, 20).map((q) => ({ q }));
  const browseInputs: CatalogInput[] = catalog.categories.flatMap((category) =>
    (['price_asc', 'price_desc'] as const).map((sort) => ({ category, sort })),
  );
  const baseline = await startHttpChild({
    name: 'baseline server',
    script: baselineScript,
    env: { BASELINE_DATABASE_URL: bench.replicaUrl },
    readyPath: '/healthz',
  });
  cleanups.push(() => baseline.stop());
  const baselineMemory = new MemorySampler(baseline.pid, measuringNow);
  const procedureServer = await startHttpChild({
    name: "the API's procedure through tRPC's caller",
    script: procedureScript,
    nodeArgs: serverCommand().nodeArgs,
    env: { DATABASE_URL: bench.primaryUrl, DATABASE_REPLICA_URLS: bench.replicaUrl },
    readyPath: '/healthz',
  });
  cleanups.push(() => procedureServer.stop());
  const answers = await sameAnswers(server.origin, baseline.origin, [...searchInputs, ...browseInputs]);
  const warmS = options.quick ? 1 : 2;
  interface CatalogServer {
    name: string;
    target: HttpChild;
    prefix: string;
  }
  /**
   * Each server warmed, then measured in `roundsPerRun` rounds that take turns (roundOrders), its
   * rounds combined into one figure: in the order given.
   */
  const measureInTurns = async (kind: string, servers: CatalogServer[], inputs: CatalogInput[]) => {
    const measured = servers.map((each) => ({
      ...each,
      paths: inputs.map((input) => productsPath(each.prefix, input)),
      runs: [] as Measured<CatalogLoadResult>[],
    }));
    for (const each of measured)
      await runCatalogLoad(each.target.origin, each.paths, catalogConnections, warmS);
    for (const [round, order] of roundOrders(measured, roundsPerRun).entries()) {
      for (const each of order) {
        progress(`catalog ${kind}, round ${round + 1} of ${roundsPerRun}: ${each.name}`);
        // the checkouts' dead rows are vacuumed now, not by autovacuum on the primary's CPU mid-run
        await settleTables(primary);
        each.runs.push(
          await measureCpu({ server: each.target.pid, ...postgres }, () =>
            runCatalogLoad(
              each.target.origin,
              each.paths,
              catalogConnections,
              options.durationS / roundsPerRun,
            ),
          ),
        );
      }
    }
    return measured.map(({ runs }) => {
      const combined = combinedRounds(runs, combinedCatalogLoads);
      return {
        ...combined.result,
        cpu: cpuUse(combined, combined.result.requests),
        cost: costPerOp(combined, combined.result.requests),
      };
    });
  };
  const compare = async (kind: string, inputs: CatalogInput[]): Promise<CatalogComparison> => {
    const fallbacksBefore = await primaryFallbacks(procedureServer);
    const [api, procedure, base] = await measureInTurns(
      kind,
      [
        { name: 'API', target: server, prefix: '/trpc' },
        // the API less its HTTP stack
        { name: "the API's procedure through tRPC's caller", target: procedureServer, prefix: '' },
        { name: 'baseline', target: baseline, prefix: '' },
      ],
      inputs,
    );
    if (!api || !procedure || !base) throw new Error('a catalog server was not measured');
    const fallbacks = (await primaryFallbacks(procedureServer)) - fallbacksBefore;
    if (fallbacks > 0)
      progress(`  ${fallbacks} of the procedure's reads went to the primary instead of the replica`);
    return { api, procedure, baseline: base, ratio: api.requestsPerSec / base.requestsPerSec };
  };
  const search = await compare('search', searchInputs);
  const browse = await compare('browse', browseInputs);
  const baselineMemoryReport = baselineMemory.stop();
  await baseline.stop();
  await procedureServer.stop();

  // before the shopping mix, whose price changes would break the prepared carts' expected totals
  const cores = os.availableParallelism();
  let processes: ProcessComparison | null = null;
  if (cores > 1) {
    progress(`server processes: SERVER_PROCESSES=${cores} (the default here) beside the runs above at 1`);
    const many = await startServer('warn', cores);
    cleanups.push(() => many.stop());
    const manySampler = new MemorySampler(many.pid, measuringNow);
    await warmUp(many);
    const spread16 = spread.find((level) => level.clients === comparedBuyers);
    progress(`server processes: spread checkout, ${comparedBuyers} clients, ${cores} processes`);
    const checkout = checkoutFigures(
      await measureApiCheckout(
        many,
        comparedBuyers,
        spreadVariant,
        cartsFor(comparedBuyers, options.durationS, spread16?.pgbench?.tps),
        options.durationS,
      ),
    );
    const [browseMany] = await measureInTurns(
      `browse, ${cores} processes`,
      [{ name: 'API', target: many, prefix: '/trpc' }],
      browseInputs,
    );
    if (!browseMany) throw new Error('the server was not measured');
    const manyMemory = manySampler.stop();
    await many.stop();
    processes = {
      many: cores,
      spreadCheckout: { buyers: comparedBuyers, one: spread16 ?? null, many: checkout },
      browse: { one: browse.api, many: browseMany },
      manyMemory,
    };
  }

  progress('search at the DB: EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) on the replica');
  const searchExplain = await explainSearches(replica, words);

  // last of the runs on this server: its price changes would break the carts' expected totals above
  progress(`shopping mix: ${mixShoppers} shoppers and an admin changing prices`);
  const shoppingMix = await runShoppingMix({
    origin: server.origin,
    shoppers: mixShoppers,
    durationS: options.durationS,
    categories: catalog.categories,
    admin,
  });
  ordersAcknowledged += shoppingMix.ordersPlaced;

  progress(`sign-in burst: ${burstLogins} sign-ins of the admin at once`);
  // the peak so far is read before the burst sets the high-water marks back
  serverMemory.sample();
  const loginBurst = await runLoginBurst(server.origin, server.pid, admin, burstLogins);

  const memory = { server: serverMemory.stop(), baseline: baselineMemoryReport };
  await server.stop();

  progress('profiling one placeOrder at LOG_LEVEL=debug');
  const debugServer = await startServer('debug');
  cleanups.push(() => debugServer.stop());
  const profile = await profileOneCheckout(debugServer, catalog.hot.variantId);
  ordersAcknowledged += 1;
  const sqlDrift = await checkSqlDrift(debugServer, {
    search: { q: words[0] ?? 'chair', limit: 24 },
    browse: { category: catalog.categories[0] ?? 'kitchen', sort: 'price_asc', limit: 24 },
  });
  await debugServer.stop();

  progress('checking for oversell');
  const integrity = await checkIntegrity(primary, catalog.hot.variantId, ordersAcknowledged);

  const partial: Omit<BenchResults, 'targets' | 'finishedAt'> = {
    startedAt,
    options: { products: options.products, durationS: options.durationS, quick: options.quick },
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg(),
    },
    pgbench: {
      path: pgbenchPath,
      note: pgbenchNote,
    },
    catalog: {
      products: catalog.products,
      variants: catalog.variants,
      seedSeconds: catalog.seedSeconds,
      hotVariantId: catalog.hot.variantId,
      spreadVariants: catalog.spread.count,
    },
    checkout: {
      hot,
      spread,
      counted:
        'placeOrder only, as raw HTTP (order-sender.ts). Before the clock starts each buyer (own HTTP connection) has a pool of ' +
        'fresh carts holding one unit of the variant; orders/s = placeOrder calls confirmed inside the window / ' +
        'window. pgbench: committed checkout transactions/s. Each buyer count runs pgbench and the API in turns, ' +
        `${roundsPerRun} rounds each, their figures added up over the rounds.`,
    },
    catalogReads: {
      connections: catalogConnections,
      search,
      browse,
      searchWords: words,
      sameAnswers: answers,
      sqlDrift,
    },
    searchExplain,
    shoppingMix,
    loginBurst,
    processes,
    memory,
    integrity,
    profile,
  };
  const results: BenchResults = {
    ...partial,
    finishedAt: new Date().toISOString(),
    targets: targetRows(partial),
  };
  printReport(results);
  writeJson(options.jsonPath, results);
  console.log(`\nresults: ${options.jsonPath}`);
  return integrity.ok;
}

main()
  .then(async (consistent) => {
    await cleanUp();
    // a performance target missed is a finding; an oversell is a failure
    process.exitCode = consistent ? 0 : 1;
  })
  .catch(async (error: unknown) => {
    console.error(error);
    await cleanUp();
    process.exitCode = 1;
  });
