import { type ExpiryResult, expireUnpaidOrders } from '@holdfast/api';
import type { Database } from '@holdfast/db';
import type { FastifyBaseLogger } from 'fastify';

export interface OrderSweeperConfig {
  /** How long an unpaid order keeps its stock (ORDER_HOLD_MINUTES). */
  holdMs: number;
  intervalMs: number;
}

export interface OrderSweeper {
  /** Stops the timer and waits for a sweep in progress, so the database can close after it. */
  stop(): Promise<void>;
}

/**
 * Expires unpaid orders on a timer. Every server runs one: the sweep locks due orders with
 * SKIP LOCKED, so sweepers on several servers split the work instead of repeating it.
 */
export function startOrderSweeper(
  db: Database,
  logger: FastifyBaseLogger,
  { holdMs, intervalMs }: OrderSweeperConfig,
  expire: (db: Database, options: { holdMs: number }) => Promise<ExpiryResult> = expireUnpaidOrders,
): OrderSweeper {
  let sweeping: Promise<void> | undefined;
  const sweep = async () => {
    try {
      const { expired } = await expire(db, { holdMs });
      // counts only: an order number with its email is a guest's key to the order
      if (expired.length > 0)
        logger.info({ expired: expired.length }, 'unpaid orders expired, stock returned');
    } catch (error) {
      logger.warn({ err: error }, 'order expiry sweep failed; the next one retries');
    }
  };
  const timer = setInterval(() => {
    // a slow sweep is not joined by a second one from the same server
    sweeping ??= sweep().finally(() => {
      sweeping = undefined;
    });
  }, intervalMs);
  // the timer alone must not keep the process alive
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await sweeping;
    },
  };
}
