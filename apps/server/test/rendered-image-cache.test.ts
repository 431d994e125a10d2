import { describe, expect, it } from 'vitest';
import { RenderedImageCache } from '../src/product-images/rendered-image-cache.ts';

const picture = (bytes: number) => async () => Buffer.alloc(bytes);

describe('rendered image cache', () => {
  it('draws a picture once for everyone who asks while it is being drawn', async () => {
    const cache = new RenderedImageCache(1000);
    let draws = 0;
    const draw = async () => {
      draws++;
      return Buffer.alloc(10);
    };
    const [first, second] = await Promise.all([cache.get('a', draw), cache.get('a', draw)]);
    expect(first).toBe(second);
    expect(draws).toBe(1);
  });

  it('stays within its byte budget by dropping the least recently used picture', async () => {
    const cache = new RenderedImageCache(250);
    await cache.get('a', picture(100));
    await cache.get('b', picture(100));
    // a is now the more recent of the two
    await cache.get('a', picture(100));
    await cache.get('c', picture(100));
    let redrawn = '';
    const noting = (key: string) => async () => {
      redrawn += key;
      return Buffer.alloc(100);
    };
    await cache.get('a', noting('a'));
    await cache.get('c', noting('c'));
    expect(redrawn).toBe('');
    await cache.get('b', noting('b'));
    expect(redrawn).toBe('b');
  });

  it('forgets a drawing that failed, so the next request tries again', async () => {
    const cache = new RenderedImageCache(1000);
    await expect(cache.get('a', () => Promise.reject(new Error('bad svg')))).rejects.toThrow('bad svg');
    await expect(cache.get('a', picture(10))).resolves.toHaveLength(10);
  });
});
