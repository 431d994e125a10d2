import { setTimeout as pause } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { KeyedLimiter } from './keyed-limiter.ts';

describe('KeyedLimiter', () => {
  it('lets `limit` holders in per key, hands a released slot to the first waiter, and refuses one when nothing moves', async () => {
    const limiter = new KeyedLimiter(2, 100);
    const first = await limiter.acquire([7]);
    const second = await limiter.acquire([7]);
    expect(limiter.load(7)).toEqual({ active: 2, waiting: 0 });

    const third = limiter.acquire([7]);
    expect(limiter.load(7)).toEqual({ active: 2, waiting: 1 });
    first?.(true);
    expect(await third).toBeTypeOf('function');
    expect(limiter.load(7)).toEqual({ active: 2, waiting: 0 });

    const started = performance.now();
    expect(await limiter.acquire([7])).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    expect(limiter.load(7)).toEqual({ active: 2, waiting: 0 });
    second?.(true);
    (await third)?.(true);
    expect(limiter.load(7)).toEqual({ active: 0, waiting: 0 });
  });

  it('is spread while no key has two holders, and again once one of them leaves', () => {
    const limiter = new KeyedLimiter(4, 100);
    expect(limiter.spread()).toBe(true);
    const first = limiter.tryAcquire([1, 2]);
    const other = limiter.tryAcquire([3]);
    expect(limiter.spread()).toBe(true);
    const second = limiter.tryAcquire([2]);
    expect(limiter.spread()).toBe(false);
    second?.(true);
    expect(limiter.spread()).toBe(true);
    first?.(true);
    other?.(true);
    expect(limiter.load(2)).toEqual({ active: 0, waiting: 0 });
  });

  it('a waiter stays past the stall bound while holders ahead of it get their work done', async () => {
    const limiter = new KeyedLimiter(1, 100);
    const holdThenFinish = async (progressed: boolean) => {
      const release = await limiter.acquire([1]);
      if (!release) return false;
      await pause(60);
      release(progressed);
      return true;
    };
    const started = performance.now();
    // five holders of 60 ms each, one after the other: the last waits 240 ms, with a finish every 60
    const served = await Promise.all(Array.from({ length: 5 }, () => holdThenFinish(true)));
    expect(served).toEqual([true, true, true, true, true]);
    expect(performance.now() - started).toBeGreaterThan(200);
  });

  it('a waiter gives up after the stall bound when the holders ahead of it only fail', async () => {
    const limiter = new KeyedLimiter(1, 100);
    const holdThenFail = async () => {
      const release = await limiter.acquire([1]);
      if (!release) return false;
      await pause(60);
      release(false);
      return true;
    };
    // the first two hold in turn, each failing after 60 ms; the third was queued 100 ms with no progress
    expect(await Promise.all([holdThenFail(), holdThenFail(), holdThenFail()])).toEqual([true, true, false]);
  });

  it('takes all keys or none: a caller refused on its second key gives its first back', async () => {
    const limiter = new KeyedLimiter(1, 50);
    const holdingTwo = await limiter.acquire([2]);
    expect(await limiter.acquire([2, 1])).toBeUndefined();
    expect(limiter.load(1)).toEqual({ active: 0, waiting: 0 });
    holdingTwo?.(true);
  });

  it('takes keys in ascending order, so callers with overlapping keys cannot deadlock', async () => {
    const limiter = new KeyedLimiter(1, 1_000);
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const release = await limiter.acquire(index % 2 ? [1, 2] : [2, 1]);
        await pause(1);
        release?.(true);
        return release !== undefined;
      }),
    );
    expect(results.every(Boolean)).toBe(true);
  });

  it('tryAcquire takes every key at once or none, without waiting; crowded says when a key is full', async () => {
    const limiter = new KeyedLimiter(1, 100);
    expect(limiter.crowded()).toBe(false);
    const first = limiter.tryAcquire([3, 5, 3]);
    expect(first).toBeTypeOf('function');
    expect(limiter.load(3)).toEqual({ active: 1, waiting: 0 });
    expect(limiter.crowded()).toBe(true);
    // 4 has room, 5 has none: nothing is taken
    expect(limiter.tryAcquire([4, 5])).toBeUndefined();
    expect(limiter.load(4)).toEqual({ active: 0, waiting: 0 });
    // a waiter queued behind the holder is handed the slot on release, before any tryAcquire
    const queued = limiter.acquire([5]);
    first?.(true);
    expect(await queued).toBeTypeOf('function');
    expect(limiter.tryAcquire([5])).toBeUndefined();
    expect(limiter.load(3)).toEqual({ active: 0, waiting: 0 });
  });

  it('with maxWaiting, refuses at once a caller that finds the queue full (full says so beforehand), and queues one again once it moves', async () => {
    // a stall bound past the test's timeout: a refusal that waited for it could not pass
    const limiter = new KeyedLimiter(1, 60_000, 1);
    const holder = await limiter.acquire([1]);
    expect(limiter.full(1)).toBe(false);
    const queued = limiter.acquire([1]);
    expect(limiter.full(1)).toBe(true);
    expect(limiter.full(2)).toBe(false);
    expect(await limiter.acquire([1])).toBeUndefined();
    expect(limiter.load(1)).toEqual({ active: 1, waiting: 1 });
    holder?.(true);
    const next = await queued;
    expect(limiter.full(1)).toBe(false);
    const queuedAgain = limiter.acquire([1]);
    expect(limiter.load(1)).toEqual({ active: 1, waiting: 1 });
    next?.(true);
    (await queuedAgain)?.(true);
    expect(limiter.load(1)).toEqual({ active: 0, waiting: 0 });
  });
});
