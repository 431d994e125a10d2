interface Slot {
  active: number;
  /** Each is handed the slot by a releasing holder; in arrival order. */
  waiting: (() => void)[];
}

/**
 * At most `limit` holders per key at once; a caller waits in memory (holding nothing else) for
 * up to `maxWaitMs`. Keys are taken in ascending order, so two callers wanting overlapping keys
 * cannot each hold one the other waits for.
 */
export class KeyedLimiter {
  readonly limit: number;
  readonly maxWaitMs: number;
  readonly #slots = new Map<number, Slot>();

  constructor(limit: number, maxWaitMs: number) {
    this.limit = limit;
    this.maxWaitMs = maxWaitMs;
  }

  /** Takes every key, or none: false when one of them was not free within the wait. */
  async acquire(keys: number[]): Promise<(() => void) | undefined> {
    const deadline = performance.now() + this.maxWaitMs;
    const held: number[] = [];
    const release = () => {
      for (const key of held.splice(0)) this.#release(key);
    };
    for (const key of [...new Set(keys)].sort((a, b) => a - b)) {
      if (!(await this.#acquireOne(key, deadline))) {
        release();
        return undefined;
      }
      held.push(key);
    }
    return release;
  }

  /** How many callers hold or wait for `key`: for tests and metrics. */
  load(key: number): { active: number; waiting: number } {
    const slot = this.#slots.get(key);
    return { active: slot?.active ?? 0, waiting: slot?.waiting.length ?? 0 };
  }

  #acquireOne(key: number, deadline: number): Promise<boolean> {
    let slot = this.#slots.get(key);
    if (!slot) {
      slot = { active: 0, waiting: [] };
      this.#slots.set(key, slot);
    }
    if (slot.active < this.limit) {
      slot.active++;
      return Promise.resolve(true);
    }
    const queue = slot.waiting;
    return new Promise((resolve) => {
      const handOver = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(
        () => {
          queue.splice(queue.indexOf(handOver), 1);
          resolve(false);
        },
        Math.max(0, deadline - performance.now()),
      );
      queue.push(handOver);
    });
  }

  #release(key: number): void {
    const slot = this.#slots.get(key);
    if (!slot) return;
    const next = slot.waiting.shift();
    // the slot passes straight to the next waiter: a newcomer cannot take it in between
    if (next) next();
    else if (--slot.active === 0) this.#slots.delete(key);
  }
}
