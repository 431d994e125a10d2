import { describe, expect, it } from 'vitest';
import { KeyedLimiter } from '../src/services/keyed-limiter.ts';

describe('KeyedLimiter', () => {
  it('lets `limit` holders in per key, hands a released slot to the first waiter, and refuses one that waits too long', async () => {
    const limiter = new KeyedLimiter(2, 100);
    const first = await limiter.acquire([7]);
    const second = await limiter.acquire([7]);
    expect(limiter.load(7)).toEqual({ active: 2, waiting: 0 });

    const third = limiter.acquire([7]);
    expect(limiter.load(7)).toEqual({ active: 2, waiting: 1 });
    first?.();
    expect(await third).toBeTypeOf('function');
    expect(limiter.load(7)).toEqual({ active: 2, waiting: 0 });

    const started = performance.now();
    expect(await limiter.acquire([7])).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    expect(limiter.load(7)).toEqual({ active: 2, waiting: 0 });
    second?.();
    (await third)?.();
    expect(limiter.load(7)).toEqual({ active: 0, waiting: 0 });
  });

  it('takes all keys or none: a caller refused on its second key gives its first back', async () => {
    const limiter = new KeyedLimiter(1, 50);
    const holdingTwo = await limiter.acquire([2]);
    expect(await limiter.acquire([2, 1])).toBeUndefined();
    expect(limiter.load(1)).toEqual({ active: 0, waiting: 0 });
    holdingTwo?.();
  });

  it('takes keys in ascending order, so callers with overlapping keys cannot deadlock', async () => {
    const limiter = new KeyedLimiter(1, 1_000);
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const release = await limiter.acquire(index % 2 ? [1, 2] : [2, 1]);
        await new Promise((resolve) => setTimeout(resolve, 1));
        release?.();
        return release !== undefined;
      }),
    );
    expect(results.every(Boolean)).toBe(true);
  });
});
