import { metricsRegistry } from '@holdfast/db';
import { Counter, Gauge, Histogram } from 'prom-client';
import { passwordHashingLoad } from './accounts/passwords.ts';

const registers = [metricsRegistry];

export const readsByTarget = new Counter({
  name: 'holdfast_reads_total',
  help: 'Procedure calls by where their reads ran (primary or a replica) and, for a replica read that went to the primary, why',
  labelNames: ['procedure', 'target', 'fallback'],
  registers,
});

export const readYourWritesWait = new Histogram({
  name: 'holdfast_read_your_writes_wait_seconds',
  help: 'How long a replica read carrying the caller’s write position waited for a replica to replay it',
  buckets: [0, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
  registers,
});

export const clampedPositions = new Counter({
  name: 'holdfast_read_positions_clamped_total',
  help: 'Read positions sent by clients that were past anything the primary had written, cut back to its newest',
  registers,
});

export const procedureDuration = new Histogram({
  name: 'holdfast_procedure_duration_seconds',
  help: 'Time to answer one procedure call, by procedure and outcome (ok or the error code)',
  labelNames: ['procedure', 'outcome'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers,
});

export type CheckoutOutcome = 'placed' | 'sold_out' | 'price_changed' | 'contention' | 'idempotent_replay';

export const checkoutOutcomes = new Counter({
  name: 'holdfast_checkout_outcomes_total',
  help: 'placeOrder results: placed, sold_out, price_changed, contention (gave up after retries), idempotent_replay',
  labelNames: ['outcome'],
  registers,
});

export const eagerLockMisses = new Counter({
  name: 'holdfast_checkout_eager_lock_misses_total',
  help: 'Checkouts that tried to lock their cart and variants in one round trip without waiting, found one held elsewhere and queued for it (a round trip and a rollback more)',
  registers,
});

export const stockLockWait = new Histogram({
  name: 'holdfast_stock_lock_wait_seconds',
  help: 'Time spent acquiring variant row locks (SELECT ... FOR UPDATE): checkouts, stock returns and adjustments, price changes',
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers,
});

new Gauge({
  name: 'holdfast_password_hashes',
  help: 'Password hashes (sign-ups, sign-ins) in this process: running, and waiting for a slot (PASSWORD_HASH_CONCURRENCY, PASSWORD_HASH_QUEUE)',
  labelNames: ['state'],
  registers,
  collect() {
    const { active, waiting } = passwordHashingLoad();
    this.set({ state: 'running' }, active);
    this.set({ state: 'waiting' }, waiting);
  },
});
