import {
  formatPositions,
  newestPositions,
  parsePositions,
  type ReadPositions,
} from '@holdfast/api/read-positions';

/** Remembers, per read scope, the newest write position this client has been handed. */
export class LsnToken {
  #positions: ReadPositions = {};

  /** The header value to send, or undefined before the first write that pins a read. */
  get current(): string | undefined {
    return formatPositions(this.#positions) || undefined;
  }

  observe(header: string | null | undefined): void {
    this.#positions = newestPositions(this.#positions, parsePositions(header));
  }
}
