import cluster, { type Worker } from 'node:cluster';
import { metricsRegistry } from '@holdfast/db';
import { AggregatorRegistry } from 'prom-client';
import { IpcAnswers } from './ipc-answers.ts';

// a worker asks the primary for the whole server's metrics; the primary asks each serving worker for its registry
const metricsRequest = 'holdfast:metrics-request';
const metricsAnswer = 'holdfast:metrics-answer';
const registryRequest = 'holdfast:registry-request';
const registryAnswer = 'holdfast:registry-answer';
const registryTimeoutMs = 5_000;
const metricsTimeoutMs = registryTimeoutMs + 1_000;

type RegistryJson = Awaited<ReturnType<typeof metricsRegistry.getMetricsAsJSON>>;

interface Message {
  type?: unknown;
  id: number;
}
interface MetricsAnswer extends Message {
  text?: string;
  error?: string;
}
interface RegistryAnswer extends Message {
  metrics: RegistryJson;
}

const isMessage = (message: unknown, type: string): message is Message =>
  (message as Message | null)?.type === type;

/** Sends unless the worker died meanwhile: then nobody is left to answer. */
function sendTo(worker: Worker, message: object): void {
  if (worker.isConnected()) worker.send(message, undefined, () => {});
}

/**
 * In the primary: answers a worker's request for `/metrics` with the registries of every worker
 * that serves, aggregated by prom-client (counters and histograms summed, gauges as each
 * declares its `aggregator`): the port is shared, so whichever worker a scrape lands on answers
 * for the whole server. Only serving workers are asked: one still starting cannot answer yet.
 */
export function aggregateWorkerMetrics(serving: () => Worker[]): void {
  const registries = new IpcAnswers<RegistryJson>();
  const aggregate = async () => {
    const perWorker = await Promise.all(
      serving().map((worker) =>
        registries.ask(
          (id) => sendTo(worker, { type: registryRequest, id }),
          registryTimeoutMs,
          `the metrics of server process ${worker.process.pid}`,
        ),
      ),
    );
    return AggregatorRegistry.aggregate(perWorker).metrics();
  };
  cluster.on('message', (worker, message: unknown) => {
    if (isMessage(message, registryAnswer))
      registries.settle(message.id, (message as RegistryAnswer).metrics);
    else if (isMessage(message, metricsRequest)) {
      const { id } = message;
      aggregate().then(
        (text) => sendTo(worker, { type: metricsAnswer, id, text }),
        (error: Error) => sendTo(worker, { type: metricsAnswer, id, error: error.message }),
      );
    }
  });
}

/** In a worker: hands this process's registry to the primary on request, and reads the whole server's. */
export function clusterMetricsFromPrimary(): () => Promise<string> {
  const answers = new IpcAnswers<MetricsAnswer>();
  process.on('message', (message: unknown) => {
    if (isMessage(message, metricsAnswer)) answers.settle(message.id, message as MetricsAnswer);
    else if (isMessage(message, registryRequest)) {
      const { id } = message;
      void metricsRegistry
        .getMetricsAsJSON()
        .then((metrics) => process.send?.({ type: registryAnswer, id, metrics }));
    }
  });
  return async () => {
    const { text, error } = await answers.ask(
      (id) => process.send?.({ type: metricsRequest, id }),
      metricsTimeoutMs,
      "the server's metrics from the primary",
    );
    if (text === undefined) throw new Error(`aggregating the server processes' metrics failed: ${error}`);
    return text;
  };
}
