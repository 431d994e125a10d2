import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';

const horizonTimeoutMs = 5_000;

/**
 * What autovacuum would have done by now on a shop in production, done before every measured run:
 * - no run inherits the dead versions of the hot row that the previous one left. The replica's
 *   hot_standby_feedback holds the primary's horizon back until its next report, so vacuum first
 *   waits for a report newer than every transaction so far; otherwise the run after pgbench's
 *   would walk pgbench's thousands of dead versions on every lookup of the hot row;
 * - statistics fit the tables' sizes. Without this, the server's pooled connections keep the plans of
 *   the foreign-key checks made while orders was nearly empty (a seq scan), and each placeOrder then
 *   read the whole orders table about 1.4 times (seen in pg_stat_user_tables on a test run).
 */
export async function settleTables(primary: pg.Client): Promise<void> {
  const {
    rows: [now],
  } = await primary.query<{ xmin: string }>('select pg_snapshot_xmin(pg_current_snapshot())::text as xmin');
  const deadline = Date.now() + horizonTimeoutMs;
  for (;;) {
    const {
      rows: [replicas],
    } = await primary.query<{ caught_up: boolean }>(
      `select coalesce(bool_and(backend_xmin is null or age(backend_xmin) <= age($1::text::xid)), true) as caught_up
       from pg_stat_replication`,
      [now?.xmin],
    );
    if (replicas?.caught_up || Date.now() > deadline) break;
    await sleep(100);
  }
  await primary.query('vacuum (analyze) variant, orders, order_line, stock_movement, cart, cart_item');
}
