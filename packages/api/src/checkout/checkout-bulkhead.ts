import {
  type Database,
  type Environment,
  isConnectionLoss,
  isDatabaseTimeout,
  readEnvironment,
  readPrepared,
} from '@holdfast/db';
import { contention, isContention } from '../errors.ts';
import { KeyedLimiter } from './keyed-limiter.ts';

export interface CheckoutBulkheadSettings {
  /** CHECKOUT_CONCURRENCY_PER_VARIANT: checkouts of one variant running at once in this process. */
  perVariant: number;
  /** CHECKOUT_QUEUE_WAIT_MS: how long a queued checkout waits while none of the variant's running ones finishes. */
  queueWaitMs: number;
}

const limiters = new WeakMap<Database, KeyedLimiter>();

/** The bulkhead's settings from the checked environment. */
export function checkoutBulkheadSettings(environment: Environment): CheckoutBulkheadSettings {
  return {
    perVariant: environment.CHECKOUT_CONCURRENCY_PER_VARIANT,
    queueWaitMs: environment.CHECKOUT_QUEUE_WAIT_MS,
  };
}

export function configureCheckoutBulkhead(db: Database, settings: CheckoutBulkheadSettings): KeyedLimiter {
  const limiter = new KeyedLimiter(settings.perVariant, settings.queueWaitMs);
  limiters.set(db, limiter);
  return limiter;
}

function limiterFor(db: Database): KeyedLimiter {
  return limiters.get(db) ?? configureCheckoutBulkhead(db, checkoutBulkheadSettings(readEnvironment({})));
}

export const cartVariantsStatement =
  'select i.variant_id as "variantId" from cart_item i join cart c on c.id = i.cart_id where c.token = $1';

/**
 * Runs a checkout of this cart once every variant in it has fewer than `perVariant` checkouts
 * running. Each running checkout holds a pooled connection, and while a variant's row is locked
 * (a long admin transaction, a stuck session) each of them waits on that lock: without this
 * bound, the buyers of one locked SKU would take the whole pool and every other request would
 * queue behind them. The rest wait here, holding nothing: a hot SKU's queue keeps moving, and a
 * queue in which no checkout has finished for `queueWaitMs` is a stuck one, whose buyers are
 * refused with CONFLICT (CONTENTION), which a client may retry. The cart's variants are read
 * before its transaction; a line added in between only escapes the bound once.
 */
export async function withinCheckoutBulkhead<T>(
  db: Database,
  cartToken: string,
  work: () => Promise<T>,
): Promise<T> {
  const lines = await readPrepared<{ variantId: number }>(db.primaryEm(), cartVariantsStatement, [cartToken]);
  const release = await limiterFor(db).acquire(lines.map(({ variantId }) => variantId));
  if (!release) throw contention();
  let progressed = false;
  try {
    const result = await work();
    progressed = true;
    return result;
  } catch (error) {
    // sold out, a changed price: the checkout got its locks. Contention or a lost primary: it did not
    progressed = !isContention(error) && !isConnectionLoss(error) && !isDatabaseTimeout(error);
    throw error;
  } finally {
    release(progressed);
  }
}

/** The limiter's view of one variant, for tests. */
export function checkoutLoad(db: Database, variantId: number) {
  return limiterFor(db).load(variantId);
}
