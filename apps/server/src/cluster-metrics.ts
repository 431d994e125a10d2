import cluster from 'node:cluster';
import { metricsRegistry } from '@holdfast/db';
import { AggregatorRegistry } from 'prom-client';

const metricsRequest = 'holdfast:metrics-request';
const metricsAnswer = 'holdfast:metrics-answer';
// prom-client gives up on a silent worker after 5 s; this bounds the rest of the round trip
const answerTimeoutMs = 6_000;

interface MetricsAnswer {
  id: number;
  text?: string;
  error?: string;
}

const typed = (message: unknown, type: string) => (message as { type?: unknown } | null)?.type === type;

/**
 * In the primary: answers a worker's request for `/metrics` with every worker's registry
 * aggregated (counters and histograms summed, gauges as each declares its `aggregator`). The
 * port is shared, so whichever worker a scrape lands on answers for the whole server.
 */
export function aggregateWorkerMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!typed(message, metricsRequest)) return;
    const { id } = message as { id: number };
    const answer = (reply: MetricsAnswer) => {
      // a worker that died meanwhile has nobody left to answer
      if (worker.isConnected()) worker.send({ type: metricsAnswer, ...reply }, undefined, () => {});
    };
    aggregator.clusterMetrics().then(
      (text) => answer({ id, text }),
      (error: Error) => answer({ id, error: error.message }),
    );
  });
}

/** In a worker: offers this process's registry to the primary's aggregation, and reads the whole. */
export function clusterMetricsFromPrimary(): () => Promise<string> {
  AggregatorRegistry.setRegistries([metricsRegistry]);
  // its constructor is what makes a worker answer the primary's requests for its registry
  new AggregatorRegistry();
  const waiting = new Map<number, (answer: MetricsAnswer) => void>();
  let nextId = 0;
  process.on('message', (message: unknown) => {
    if (typed(message, metricsAnswer)) waiting.get((message as MetricsAnswer).id)?.(message as MetricsAnswer);
  });
  return () =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`no aggregated metrics from the primary within ${answerTimeoutMs} ms`));
      }, answerTimeoutMs);
      waiting.set(id, ({ text, error }) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (text === undefined) reject(new Error(`aggregating the workers' metrics failed: ${error}`));
        else resolve(text);
      });
      process.send?.({ type: metricsRequest, id });
    });
}
