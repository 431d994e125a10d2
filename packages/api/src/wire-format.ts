import type { CombinedDataTransformer } from '@trpc/server';
import superjson from 'superjson';

const reservedKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * True when superjson would send `value` untouched: JSON's own values only, no value seen twice
 * (superjson records shared references and cycles), and no key it refuses.
 */
function isPlainJson(value: unknown, seen: Set<object>): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) {
    // a hole reads as undefined, which superjson annotates
    for (let index = 0; index < value.length; index++) if (!isPlainJson(value[index], seen)) return false;
    return true;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key of Object.keys(value)) {
    if (reservedKeys.has(key) || !isPlainJson((value as Record<string, unknown>)[key], seen)) return false;
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
    isPlainJson(value, new Set()) ? { json: value } : superjson.serialize(value),
  deserialize: superjson.deserialize,
};

/** superjson in, superjson's format out; clients use plain `superjson` on their side. */
export const wireFormat: CombinedDataTransformer = { input: superjson, output: answers };
