import {
  type Database,
  type Environment,
  isConnectionLoss,
  isDatabaseTimeout,
  readEnvironment,
  readPrepared,
} from '@holdfast/db';
import { contention, isContention } from '../errors.ts';
import { KeyedLimiter } from '../keyed-limiter.ts';
import { eagerLockMisses } from '../metrics.ts';
import { RowsBusy } from './checkout-statements.ts';

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

const cartVariantsStatement =
  'select i.variant_id as "variantId" from cart_item i join cart c on c.id = i.cart_id where c.token = $1';

/** What the bulkhead lets a checkout's transaction do. */
export interface Admission {
  /**
   * Lock the cart and its variants together, waiting for neither (lockCartAndVariants), and be
   * admitted after: set while no variant in this process has two checkouts running.
   */
  eager: boolean;
  /**
   * Called with the cart's variants, read under the cart's lock: before they are locked, or right
   * after an eager lock.
   */
  admit(variantIds: number[]): void;
}

/** A checkout that found its variants' slots taken: it gives up its transaction and queues for them. */
class NotAdmitted extends Error {
  readonly variantIds: number[];
  constructor(variantIds: number[]) {
    super('the checkout bulkhead has no room for these variants now');
    this.variantIds = variantIds;
  }
}

type Release = (progressed: boolean) => void;

/**
 * Runs a checkout of this cart while every variant in it has fewer than `perVariant` checkouts
 * running. Each running checkout holds a pooled connection, and while a variant's row is locked
 * (a long admin transaction, a stuck session) each of them waits on that lock: without this
 * bound, the buyers of one locked SKU would take the whole pool and every other request would
 * queue behind them. The rest wait here, holding nothing: a hot SKU's queue keeps moving, and a
 * queue in which no checkout has finished for `queueWaitMs` is a stuck one, whose buyers are
 * refused with CONFLICT (CONTENTION), which a client may retry.
 *
 * While no variant is at its bound, the checkout learns its variants from its own read of the
 * cart and is admitted there (`admit`), never waiting with its transaction open: if the room is
 * gone by then it rolls back, queues, and runs again. Once some variant is full, the cart's
 * variants are read before the transaction, as the queue needs them; a line added in between
 * only escapes the bound once. The read costs a round trip that a shop without a full variant
 * does not pay.
 *
 * While no variant has two checkouts running (buyers spread over the catalog, or one at a time),
 * a checkout locks its variants in its first round trip, with its cart, and is admitted after:
 * two round trips instead of three. Those locks never wait: a row held elsewhere fails them at
 * once, and the checkout rolls back and runs again the queued way. A hot variant's buyers would
 * mostly find its row held, each miss a round trip and a rollback more, so a shared variant turns
 * it off.
 */
export async function withinCheckoutBulkhead<T>(
  db: Database,
  cartToken: string,
  work: (admission: Admission) => Promise<T>,
): Promise<T> {
  const limiter = limiterFor(db);
  const queueFor = async (variantIds: number[]): Promise<Release> => {
    const release = await limiter.acquire(variantIds);
    if (!release) throw contention();
    return release;
  };
  let release: Release | undefined;
  if (limiter.crowded()) {
    const lines = await readPrepared<{ variantId: number }>(db.primaryEm(), cartVariantsStatement, [
      cartToken,
    ]);
    release = await queueFor(lines.map(({ variantId }) => variantId));
  }
  const admission: Admission = {
    eager: !release && limiter.spread(),
    admit(variantIds) {
      release ??= limiter.tryAcquire(variantIds);
      if (!release) throw new NotAdmitted(variantIds);
    },
  };
  let progressed = false;
  try {
    for (;;) {
      try {
        const result = await work(admission);
        progressed = true;
        return result;
      } catch (error) {
        if (error instanceof NotAdmitted) {
          release = await queueFor(error.variantIds);
          admission.eager = false;
          continue;
        }
        if (error instanceof RowsBusy) {
          eagerLockMisses.inc();
          admission.eager = false;
          continue;
        }
        throw error;
      }
    }
  } catch (error) {
    // sold out, a changed price: the checkout got its locks. Contention or a lost primary: it did not
    progressed = !isContention(error) && !isConnectionLoss(error) && !isDatabaseTimeout(error);
    throw error;
  } finally {
    release?.(progressed);
  }
}

/** The limiter's view of one variant, for tests. */
export function checkoutLoad(db: Database, variantId: number) {
  return limiterFor(db).load(variantId);
}
