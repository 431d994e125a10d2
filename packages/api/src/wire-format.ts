import type { CombinedDataTransformer } from '@trpc/server';
import superjson from 'superjson';

/**
 * The objects a walk has met, to tell when one comes round again. A short list first: a Set
 * hashes every object it is given, and an answer's objects are new each time, so for a catalog
 * page (about fifty of them) giving each its hash cost more than the rest of the walk together
 * (docs/benchmarks.md, pass 12). Past `listedUpTo` the list becomes a Set, so a long answer is
 * not searched end to end for each of its objects.
 */
class MetObjects {
  static readonly listedUpTo = 64;
  #listed: object[] = [];
  #hashed: Set<object> | undefined;

  /** False when `value` was met before. */
  meet(value: object): boolean {
    if (this.#hashed) {
      const size = this.#hashed.size;
      return this.#hashed.add(value).size > size;
    }
    if (this.#listed.includes(value)) return false;
    this.#listed.push(value);
    if (this.#listed.length > MetObjects.listedUpTo) this.#hashed = new Set(this.#listed);
    return true;
  }
}

/**
 * True when superjson would send `value` untouched: JSON's own values only, no value met twice
 * (superjson records shared references and cycles), and no key it refuses.
 */
function isPlainJson(value: unknown, met: MetObjects): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      // finite (NaN and the infinities give NaN here) and not -0
      return value - value === 0 && (value !== 0 || 1 / value > 0);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (!met.meet(value)) return false;
  if (Array.isArray(value)) {
    // a hole reads as undefined, which superjson annotates
    for (let index = 0; index < value.length; index++) if (!isPlainJson(value[index], met)) return false;
    return true;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  // for-in, not Object.keys: no array of the keys for every object; it also visits what an
  // enumerable addition to Object.prototype put there, which can only send more to superjson
  for (const key in value) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return false;
    if (!isPlainJson((value as Record<string, unknown>)[key], met)) return false;
  }
  return true;
}

/**
 * What the server answers with: superjson's format, byte for byte, but plain data (nearly every
 * answer) skips superjson's walk, which builds a path and an annotation slot for every value and
 * was a sixth of a catalog page's CPU in a profile. For such data superjson's output is
 * `{ json: value }`; anything else (dates, undefined, shared objects) still goes through it.
 */
const answers = {
  serialize: (value: unknown) =>
    isPlainJson(value, new MetObjects()) ? { json: value } : superjson.serialize(value),
  deserialize: superjson.deserialize,
};

/** superjson in, superjson's format out; clients use plain `superjson` on their side. */
export const wireFormat: CombinedDataTransformer = { input: superjson, output: answers };
