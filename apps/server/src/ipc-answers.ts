/**
 * Requests sent over a cluster IPC channel, each answered by one message that carries its id.
 * Every wait is bounded: a process that never answers (dead, stuck) fails the request after
 * timeoutMs instead of leaving it pending.
 */
export class IpcAnswers<T> {
  #nextId = 0;
  readonly #waiting = new Map<number, (answer: T) => void>();

  ask(send: (id: number) => void, timeoutMs: number, what: string): Promise<T> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new Error(`no answer with ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiting.set(id, (answer) => {
        clearTimeout(timer);
        this.#waiting.delete(id);
        resolve(answer);
      });
      send(id);
    });
  }

  /** Hands an answer to its request; one that arrives after its timeout is dropped. */
  settle(id: number, answer: T): void {
    this.#waiting.get(id)?.(answer);
  }
}
