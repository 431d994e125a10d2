import { describe, expect, it } from 'vitest';
import { histogramQuantileBound, metricsDelta, parseMetricsText, sumOf } from '../src/server-metrics.ts';

// the shapes prom-client writes: HELP/TYPE comments, a labelled counter, a histogram's series
const scrape = (
  replicaReads: number,
  buckets: [string, number][],
) => `# HELP holdfast_reads_total Procedure calls
# TYPE holdfast_reads_total counter
holdfast_reads_total{procedure="catalog.products",target="replica-1",fallback=""} ${replicaReads}
holdfast_reads_total{procedure="catalog.product",target="primary",fallback="replay_wait_timeout"} 2
holdfast_reads_total{procedure="cart.get",target="primary",fallback=""} 7
# TYPE holdfast_read_your_writes_wait_seconds histogram
${buckets.map(([le, count]) => `holdfast_read_your_writes_wait_seconds_bucket{le="${le}"} ${count}`).join('\n')}
holdfast_read_your_writes_wait_seconds_count ${buckets.at(-1)?.[1]}
`;

const wait = 'holdfast_read_your_writes_wait_seconds';
const isCatalog = (labels: Record<string, string>) => labels.procedure?.startsWith('catalog.') === true;

describe('server-metrics', () => {
  it('reads every sample line with its labels, escaped quotes included, and skips comments', () => {
    const samples = parseMetricsText(
      `# HELP x help\nholdfast_x{note="say \\"hi\\"",le="+Inf"} 3\nholdfast_y 1.5\n`,
    );
    expect(samples).toEqual([
      { name: 'holdfast_x', labels: { note: 'say "hi"', le: '+Inf' }, value: 3 },
      { name: 'holdfast_y', labels: {}, value: 1.5 },
    ]);
  });

  it('diffs two scrapes series by series, so only what happened in between is counted', () => {
    const before = parseMetricsText(
      scrape(10, [
        ['0', 4],
        ['0.001', 5],
        ['+Inf', 5],
      ]),
    );
    const after = parseMetricsText(
      scrape(110, [
        ['0', 54],
        ['0.001', 60],
        ['+Inf', 61],
      ]),
    );
    const delta = metricsDelta(before, after);
    expect(sumOf(delta, 'holdfast_reads_total', isCatalog)).toBe(100);
    expect(sumOf(delta, 'holdfast_reads_total')).toBe(100);
    expect(sumOf(delta, `${wait}_count`)).toBe(56);
    // a series the first scrape lacked (nothing observed yet) counts from zero
    expect(sumOf(metricsDelta([], after), 'holdfast_reads_total', isCatalog)).toBe(112);
  });

  it('gives the bound of the bucket a quantile falls in: 0 for no wait, Infinity past the last bound', () => {
    const samples = parseMetricsText(
      scrape(0, [
        ['0', 60],
        ['0.001', 98],
        ['0.05', 99],
        ['+Inf', 100],
      ]),
    );
    expect(histogramQuantileBound(samples, wait, 0.5)).toBe(0);
    expect(histogramQuantileBound(samples, wait, 0.98)).toBe(0.001);
    expect(histogramQuantileBound(samples, wait, 0.99)).toBe(0.05);
    expect(histogramQuantileBound(samples, wait, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(histogramQuantileBound(parseMetricsText(scrape(0, [['+Inf', 0]])), wait, 0.5)).toBeNaN();
  });
});
