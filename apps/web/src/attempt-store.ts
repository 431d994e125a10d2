/**
 * Remembers an in-flight write attempt (its idempotency key and what it was for) per tab, in
 * sessionStorage so a reload keeps it, and in memory where storage is disabled so a retry on
 * this page still reuses the key.
 */
export function attemptStore<Attempt>(prefix: string) {
  const memory = new Map<string, Attempt>();
  const storageKey = (id: string) => `${prefix}.${id}`;
  return {
    read(id: string): Attempt | undefined {
      try {
        const stored = sessionStorage.getItem(storageKey(id));
        if (stored) return JSON.parse(stored) as Attempt;
      } catch {
        // fall back to memory
      }
      return memory.get(id);
    },
    write(id: string, attempt: Attempt): void {
      memory.set(id, attempt);
      try {
        sessionStorage.setItem(storageKey(id), JSON.stringify(attempt));
      } catch {
        // memory has it
      }
    },
    forget(id: string): void {
      memory.delete(id);
      try {
        sessionStorage.removeItem(storageKey(id));
      } catch {
        // nothing was stored
      }
    },
  };
}
