import type { FallbackReason } from '@holdfast/db';
import type { Logger } from 'pino';

/**
 * Fallbacks come in floods (a dead replica sends every catalog read to the primary), so the
 * log gets the first one of a quiet spell at once, with its detail, and then one line per
 * interval counting them by reason, until an interval passes without any.
 */
export class FallbackLog {
  readonly #logger: Logger;
  readonly #intervalMs: number;
  #counts = new Map<FallbackReason, number>();
  #timer: NodeJS.Timeout | undefined;

  constructor(logger: Logger, intervalMs = 10_000) {
    this.#logger = logger;
    this.#intervalMs = intervalMs;
  }

  record(reason: FallbackReason, detail: string): void {
    if (this.#timer) {
      this.#counts.set(reason, (this.#counts.get(reason) ?? 0) + 1);
      return;
    }
    this.#logger.warn({ reason, detail }, 'catalog read fell back to the primary');
    this.#startInterval();
  }

  #startInterval(): void {
    this.#timer = setTimeout(() => this.#flush(), this.#intervalMs);
    this.#timer.unref();
  }

  #flush(): void {
    this.#timer = undefined;
    if (this.#counts.size === 0) return;
    const fallbacks = Object.fromEntries(this.#counts);
    this.#counts = new Map();
    this.#logger.warn({ fallbacks, intervalMs: this.#intervalMs }, 'catalog reads fell back to the primary');
    this.#startInterval();
  }
}
