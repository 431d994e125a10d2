import cluster, { type Worker } from 'node:cluster';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';

const listeningMessage = 'holdfast:listening';
// more unexpected deaths than this within the window is a crash loop, not bad luck: forking on
// would only hide it
const maxDeathsInWindow = 5;
const deathWindowMs = 60_000;
// how long the workers get to finish their requests and close their pools when the server stops
const stopTimeoutMs = 10_000;

export interface ServerProcessesOptions {
  count: number;
  /** Added to each worker's environment (never logged: it carries secrets). */
  env: Record<string, string>;
  logger: Logger;
  /** Called once when the workers cannot be kept up: one died while starting, or they keep dying. */
  onFailure(message: string): void;
}

export interface ServerProcesses {
  /** The address they serve, once every worker listens. */
  listening: Promise<string>;
  /** The workers that listen now (not those starting or stopping). */
  serving(): Worker[];
  /** SIGTERM to every worker, then SIGKILL to those still running after stopTimeoutMs. */
  stop(): Promise<void>;
}

/** In a worker: tells the primary that this process serves, and where. */
export function reportListening(address: string): void {
  process.send?.({ type: listeningMessage, address });
}

function isListening(message: unknown): message is { address: string } {
  return (message as { type?: unknown } | null)?.type === listeningMessage;
}

const ending = (code: number | null, signal: string | null) =>
  signal ? `was killed by ${signal}` : `exited with code ${code}`;

/**
 * In the primary: forks `count` workers and keeps that many running. A worker that dies once all
 * have started is replaced; one that dies while they start, or deaths that come too fast, end the
 * server through onFailure instead.
 */
export function startServerProcesses({
  count,
  env,
  logger,
  onFailure,
}: ServerProcessesOptions): ServerProcesses {
  let serving: (address: string) => void = () => {};
  const listening = new Promise<string>((resolve) => {
    serving = resolve;
  });
  const listened = new Set<Worker>();
  let started = false;
  let stopping = false;
  let deaths: number[] = [];

  const fork = () => {
    const worker = cluster.fork(env);
    worker.on('message', (message: unknown) => {
      if (!isListening(message)) return;
      listened.add(worker);
      if (started) logger.info({ workerPid: worker.process.pid }, 'replacement server process serving');
      else if (listened.size === count) {
        started = true;
        serving(message.address);
      }
    });
    worker.once('exit', (code, signal) => {
      listened.delete(worker);
      if (stopping) return;
      const how = `server process ${worker.process.pid} ${ending(code, signal)}`;
      if (!started) return onFailure(`${how} while starting`);
      const now = Date.now();
      deaths = [...deaths.filter((at) => now - at < deathWindowMs), now];
      if (deaths.length > maxDeathsInWindow)
        return onFailure(
          `${how}: ${deaths.length} server processes died within ${deathWindowMs / 1000} s, so the server stops rather than restarting them in a loop`,
        );
      logger.error({ workerPid: worker.process.pid, code, signal }, 'server process died; starting another');
      fork();
    });
  };
  for (let index = 0; index < count; index++) fork();

  const running = () =>
    Object.values(cluster.workers ?? {}).filter(
      (worker): worker is Worker => worker !== undefined && !worker.isDead(),
    );
  return {
    listening,
    serving: () => [...listened],
    async stop() {
      stopping = true;
      const workers = running();
      const exited = Promise.all(
        workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve))),
      );
      for (const worker of workers) worker.process.kill('SIGTERM');
      const inTime = await Promise.race([
        exited.then(() => true),
        sleep(stopTimeoutMs, false, { ref: false }),
      ]);
      if (inTime) return;
      for (const worker of workers) if (!worker.isDead()) worker.process.kill('SIGKILL');
      await exited;
    },
  };
}
