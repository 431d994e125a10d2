import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { expect } from 'vitest';

export interface Scrape {
  families: ReturnType<typeof parsePrometheusTextFormat>;
  text: string;
}

/** GET /metrics, checked to be the Prometheus text format (the parser throws on anything else). */
export async function scrape(origin: string): Promise<Scrape> {
  const response = await fetch(`${origin}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return { families: parsePrometheusTextFormat(text), text };
}

const matches = (labels: Record<string, string>, wanted: Record<string, string>) =>
  Object.entries(wanted).every(([key, value]) => labels[key] === value);

/**
 * A counter's or gauge's value, or a histogram's count, for the series whose labels include
 * `labels`. The parser folds labelled histograms into their buckets, so their `_count` series
 * are read from the parsed text's lines.
 */
export function sample(
  { families, text }: Scrape,
  name: string,
  labels: Record<string, string> = {},
): number {
  const family = families.find((candidate) => candidate.name === name);
  if (family?.type === 'HISTOGRAM') {
    const counts = text
      .split('\n')
      .filter((line) => line.startsWith(`${name}_count{`) || line.startsWith(`${name}_count `))
      .map((line) => {
        const [, labelText = '', value = '0'] = /(?:\{(.*)\})? (\S+)$/.exec(line) ?? [];
        const parsed = Object.fromEntries(
          [...labelText.matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]),
        );
        return { labels: parsed as Record<string, string>, value: Number(value) };
      });
    return counts.find((count) => matches(count.labels, labels))?.value ?? 0;
  }
  const found = family?.metrics.find((metric) => matches(metric.labels ?? {}, labels));
  return Number(found?.value ?? 0);
}

/** Every series of a counter or gauge family, as its labels and value. */
export function series(
  { families }: Scrape,
  name: string,
): { labels: Record<string, string>; value: number }[] {
  const family = families.find((candidate) => candidate.name === name);
  return (family?.metrics ?? []).map((metric) => ({
    labels: metric.labels ?? {},
    value: Number(metric.value),
  }));
}
