import { checkConsistency } from '../consistency.ts';
import { readEnvironment } from '../environment.ts';
import { connectFromEnv } from './connect-from-env.ts';

// The operator's consistency check (`npm run db:check`): prints what is off and exits 1 if anything is.
const environment = readEnvironment();
const { db, stop } = await connectFromEnv();
try {
  const findings = await db.withoutTimeouts((orm) =>
    checkConsistency(orm.em.fork(), {
      holdMs: environment.ORDER_HOLD_MINUTES * 60_000,
      graceMs: environment.ORDER_SWEEP_INTERVAL_MS,
    }),
  );
  if (findings.length === 0)
    console.log(
      'consistent: stock = ledger, no negative stock, paid orders captured, no order held past its hold',
    );
  for (const { check, subject, detail } of findings) console.log(`${check}\t${subject}\t${detail}`);
  if (findings.length > 0) {
    console.error(`${findings.length} finding(s)`);
    process.exitCode = 1;
  }
} finally {
  await stop();
}
