import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { wireFormat } from './wire-format.ts';

const { serialize } = wireFormat.output;

class Money {
  readonly cents: number;
  constructor(cents: number) {
    this.cents = cents;
  }
}

const shared = { id: 1 };
const sparse: number[] = [];
sparse[0] = 1;
sparse[2] = 3;
const cyclic: Record<string, unknown> = { name: 'loop' };
cyclic.self = cyclic;

const plain = {
  items: [
    { id: 1, slug: 'a-"quoted"-name', priceFromCents: 0, inStock: true, tags: [] },
    { id: 2, slug: 'emoji-🧶', priceFromCents: -5, inStock: false, note: null, nested: { deep: [1, 'x'] } },
  ],
  nextCursor: null,
};

// more objects than the walk keeps in a list (it hashes them past 64): the shared one comes last
const longList = Array.from({ length: 200 }, (_, id) => ({ id, image: { src: `/${id}.webp` } }));
const longWithShared = [...longList, { id: 200, image: longList[3]?.image }];

const notPlain: Record<string, unknown> = {
  date: { createdAt: new Date('2026-11-26T10:00:00Z') },
  undefinedValue: { missing: undefined },
  notANumber: [Number.NaN],
  infinity: { value: Number.POSITIVE_INFINITY },
  negativeZero: { value: -0 },
  bigint: { value: 10n },
  map: new Map([['a', 1]]),
  set: { values: new Set([1, 2]) },
  sharedReference: { first: shared, second: shared },
  sharedReferenceInALongAnswer: longWithShared,
  cycle: cyclic,
  error: { cause: new Error('boom') },
};

// superjson adds nothing for these, but copies what it can walk: they must not take the shortcut either
const unannotated: Record<string, unknown> = {
  sparseArray: sparse,
  classInstance: { total: new Money(100) },
};

describe('wire format', () => {
  it('sends plain data as it is, without a copy', () => {
    const wire = serialize(plain);
    expect(wire).toEqual(superjson.serialize(plain));
    expect(wire.json).toBe(plain);
    expect(wire.meta).toBeUndefined();
  });

  it('a long answer is plain too', () => {
    const wire = serialize(longList);
    expect(wire).toEqual(superjson.serialize(longList));
    expect(wire.json).toBe(longList);
  });

  it('prototype-less objects and top-level primitives are plain too', () => {
    const bare = Object.assign(Object.create(null), { a: 1 });
    for (const value of [bare, 'text', 42, true, null]) {
      expect(serialize(value)).toEqual(superjson.serialize(value));
      expect(serialize(value).json).toBe(value);
    }
  });

  it.each(Object.entries(notPlain))('%s: exactly what superjson sends, and it comes back', (_, value) => {
    const wire = serialize(value);
    expect(wire).toEqual(superjson.serialize(value));
    expect(wire.meta).toBeDefined();
    expect(superjson.deserialize(JSON.parse(JSON.stringify(wire)))).toEqual(
      superjson.deserialize(superjson.serialize(value)),
    );
  });

  it.each(Object.entries(unannotated))('%s: left to superjson', (_, value) => {
    const wire = serialize(value);
    expect(wire).toEqual(superjson.serialize(value));
    expect(wire.json).not.toBe(value);
  });

  it('a key superjson refuses is still refused', () => {
    const polluting = JSON.parse('{"__proto__": {"admin": true}}');
    expect(() => serialize(polluting)).toThrow(/prototype pollution/);
  });

  it('top-level undefined (a procedure that returns nothing) is what superjson makes of it', () => {
    expect(serialize(undefined)).toEqual(superjson.serialize(undefined));
  });
});
