/** One line of the Prometheus text format: a series' name, its labels and its value. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/**
 * Every sample line as it is written, histograms' `_bucket` and `_count` series included: the
 * parser installed at the root folds labelled histograms into one entry, and the bench needs the
 * cumulative bucket counts to diff two scrapes.
 */
export function parseMetricsText(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = sampleLine.exec(line);
    if (!match) continue;
    const [, name = '', labelText = '', value = ''] = match;
    const labels = Object.fromEntries(
      [...labelText.matchAll(labelPair)].map(([, key = '', raw = '']) => [key, raw.replace(/\\(.)/g, '$1')]),
    );
    samples.push({ name, labels, value: Number(value) });
  }
  return samples;
}

/** The server's own account of what it did: `GET /metrics`, parsed. */
export async function scrapeMetrics(origin: string): Promise<MetricSample[]> {
  const response = await fetch(`${origin}/metrics`);
  if (!response.ok) throw new Error(`${origin}/metrics answered ${response.status}`);
  return parseMetricsText(await response.text());
}

/** Counters and histogram series only grow: after minus before is what happened in between. */
export function metricsDelta(before: MetricSample[], after: MetricSample[]): MetricSample[] {
  const key = (sample: MetricSample) =>
    `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
  const earlier = new Map(before.map((sample) => [key(sample), sample.value]));
  return after.map((sample) => ({ ...sample, value: sample.value - (earlier.get(key(sample)) ?? 0) }));
}

export function sumOf(
  samples: MetricSample[],
  name: string,
  where: (labels: Record<string, string>) => boolean = () => true,
): number {
  return samples
    .filter((sample) => sample.name === name && where(sample.labels))
    .reduce((total, sample) => total + sample.value, 0);
}

/**
 * The upper bound (seconds) of the bucket the q-quantile falls in, by rank over the cumulative
 * counts: Infinity past the last finite bucket, NaN without samples. Unlike PromQL's
 * histogram_quantile it does not interpolate inside the bucket, so the figure is a bound the
 * samples are known to respect rather than a guess at where in the bucket they sat.
 */
export function histogramQuantileBound(samples: MetricSample[], name: string, q: number): number {
  const buckets = samples
    .filter((sample) => sample.name === `${name}_bucket`)
    .map((sample) => ({ le: Number(sample.labels.le?.replace('+Inf', 'Infinity')), count: sample.value }))
    .sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.count ?? 0;
  if (total <= 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * total));
  return buckets.find((bucket) => bucket.count >= rank)?.le ?? Number.POSITIVE_INFINITY;
}
