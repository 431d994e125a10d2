import { describe, expect, it } from 'vitest';
import { MemorySampler } from './memory.ts';

describe('MemorySampler', () => {
  it('says what was being measured when it first saw the largest process peak', () => {
    let measuring = 'before';
    const sampler = new MemorySampler(process.pid, () => measuring, 60_000);
    const before = sampler.stop().peakProcessRssMb;

    const again = new MemorySampler(process.pid, () => measuring, 60_000);
    measuring = 'allocating';
    // written, so resident: past any peak this process reached before
    const held = Buffer.alloc(256 * 1024 * 1024, 1);
    again.sample();
    measuring = 'after';
    again.sample();
    const report = again.stop();

    expect(held.at(-1)).toBe(1);
    expect(report.peakProcessRssMb).toBeGreaterThan(before + 200);
    expect(report.peakProcessDuring).toBe('allocating');
  });
});
