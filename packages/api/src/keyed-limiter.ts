interface Slot {
  active: number;
  /** Each is handed the slot by a releasing holder; in arrival order. */
  waiting: (() => void)[];
  /** When a holder last finished its work: a queue that moves is a busy key, one that does not is a stuck one. */
  lastProgressAt: number;
}

/**
 * At most `limit` holders per key at once; a caller waits in memory (holding nothing else) as
 * long as the key's holders keep getting their work done, and gives up once none has for
 * `maxStallMs`: a hot key's queue drains, a stuck key's (a row locked elsewhere, where holders
 * only fail) is refused. With `maxWaiting`, a caller that finds that many already waiting for a
 * key is refused at once: a queue that always moves still bounds how long its last one waits.
 * Keys are taken in ascending order, so two callers wanting overlapping keys cannot each hold
 * one the other waits for.
 */
export class KeyedLimiter {
  readonly limit: number;
  readonly maxStallMs: number;
  readonly maxWaiting: number;
  readonly #slots = new Map<number, Slot>();

  constructor(limit: number, maxStallMs: number, maxWaiting = Number.POSITIVE_INFINITY) {
    this.limit = limit;
    this.maxStallMs = maxStallMs;
    this.maxWaiting = maxWaiting;
  }

  /**
   * Takes every key, or none: undefined when one of them stalled or had no room in its queue.
   * The caller releases them saying whether its work got done (progress) or gave up like the
   * stalled ones.
   */
  async acquire(keys: number[]): Promise<((progressed: boolean) => void) | undefined> {
    const held: number[] = [];
    const release = this.#releaser(held);
    for (const key of [...new Set(keys)].sort((a, b) => a - b)) {
      if (!(await this.#acquireOne(key))) {
        release(false);
        return undefined;
      }
      held.push(key);
    }
    return release;
  }

  /** Takes every key now if each has room and nobody waits for it, or none: never waits. */
  tryAcquire(keys: number[]): ((progressed: boolean) => void) | undefined {
    const unique = [...new Set(keys)];
    if (unique.some((key) => (this.#slots.get(key)?.active ?? 0) >= this.limit)) return undefined;
    for (const key of unique) this.#slotFor(key).active++;
    return this.#releaser(unique);
  }

  /** Whether some key has all its slots taken: then callers queue, and should know their keys first. */
  crowded(): boolean {
    for (const slot of this.#slots.values()) if (slot.active >= this.limit) return true;
    return false;
  }

  /** Whether no key has more than one holder. */
  spread(): boolean {
    for (const slot of this.#slots.values()) if (slot.active > 1) return false;
    return true;
  }

  /** Whether a caller for `key` would be refused at once now: every slot taken and the queue full. */
  full(key: number): boolean {
    const slot = this.#slots.get(key);
    return slot !== undefined && this.#isFull(slot);
  }

  #isFull(slot: Slot): boolean {
    return slot.active >= this.limit && slot.waiting.length >= this.maxWaiting;
  }

  /** How many callers hold or wait for `key`: for tests and metrics. */
  load(key: number): { active: number; waiting: number } {
    const slot = this.#slots.get(key);
    return { active: slot?.active ?? 0, waiting: slot?.waiting.length ?? 0 };
  }

  #acquireOne(key: number): Promise<boolean> {
    const slot = this.#slotFor(key);
    if (slot.active < this.limit) {
      slot.active++;
      return Promise.resolve(true);
    }
    if (this.#isFull(slot)) return Promise.resolve(false);
    const { waiting } = slot;
    const queuedAt = performance.now();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout;
      const handOver = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const giveUpIfStalled = () => {
        const stalledSince = Math.max(queuedAt, slot.lastProgressAt);
        const left = stalledSince + this.maxStallMs - performance.now();
        if (left > 0) {
          timer = setTimeout(giveUpIfStalled, left);
          return;
        }
        waiting.splice(waiting.indexOf(handOver), 1);
        resolve(false);
      };
      timer = setTimeout(giveUpIfStalled, this.maxStallMs);
      waiting.push(handOver);
    });
  }

  #slotFor(key: number): Slot {
    let slot = this.#slots.get(key);
    if (!slot) {
      slot = { active: 0, waiting: [], lastProgressAt: 0 };
      this.#slots.set(key, slot);
    }
    return slot;
  }

  /** Releases the keys `held` holds then (once: a second call finds it empty). */
  #releaser(held: number[]): (progressed: boolean) => void {
    return (progressed) => {
      for (const key of held.splice(0)) this.#release(key, progressed);
    };
  }

  #release(key: number, progressed: boolean): void {
    const slot = this.#slots.get(key);
    if (!slot) return;
    if (progressed) slot.lastProgressAt = performance.now();
    const next = slot.waiting.shift();
    // the slot passes straight to the next waiter: a newcomer cannot take it in between
    if (next) next();
    else if (--slot.active === 0) this.#slots.delete(key);
  }
}
