import http from 'node:http';
import os from 'node:os';
import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample, scrape, series } from './metrics-scrape.ts';
import { processesGone, type ServerProcess, startServerProcess } from './server-process.ts';

/**
 * Each request on a connection of its own: the primary hands connections to the workers in
 * turn, so a run of these reaches every worker. Answers the status, or 0 when the request failed.
 */
function getOnNewConnection(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: 5_000 }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(0));
  });
}

const categories = (server: ServerProcess) => `${server.url}/trpc/catalog.categories`;

async function answeredBy(server: ServerProcess): Promise<Map<string, number>> {
  const requests = series(await scrape(server.url), 'holdfast_process_requests_total');
  return new Map(requests.map(({ labels, value }) => [labels.pid as string, value]));
}

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('one server, several processes on one port (SERVER_PROCESSES)', () => {
  it('by default one worker per core: each answers, /metrics sums them, a SIGKILLed one is replaced, SIGTERM stops all with 0', async () => {
    const cores = os.availableParallelism();
    const server = await startServerProcess(t, { SERVER_PROCESSES: undefined });
    let workers = server.workerPids();
    try {
      expect(workers).toHaveLength(cores);
      expect(server.output()).toContain(`processes    ${cores} serving the port`);
      const calls = 10 * cores;
      for (let call = 0; call < calls; call++) expect(await getOnNewConnection(categories(server))).toBe(200);

      const metrics = await scrape(server.url);
      // each worker counts only what it answered; the scrape, whichever worker took it, has them all
      const requests = await answeredBy(server);
      expect([...requests.keys()].map(Number).sort()).toEqual([...workers].sort());
      for (const answered of requests.values()) expect(answered).toBeGreaterThan(0);
      expect(
        sample(metrics, 'holdfast_procedure_duration_seconds', {
          procedure: 'catalog.categories',
          outcome: 'ok',
        }),
      ).toBe(calls);
      // a gauge every worker reports: up is the lowest of theirs, not a sum
      expect(sample(metrics, 'holdfast_primary_up')).toBe(1);
      expect(sample(metrics, 'holdfast_replica_up', { replica: 'replica-1' })).toBe(1);

      const [victim, ...survivors] = workers as [number, ...number[]];
      process.kill(victim, 'SIGKILL');
      await processesGone([victim], 5_000);
      // the others serve while the replacement starts (with one core, the port waits for it)
      if (survivors.length)
        for (let call = 0; call < 10; call++) expect(await getOnNewConnection(categories(server))).toBe(200);
      const deadline = performance.now() + 60_000;
      let replacement: number | undefined;
      while (replacement === undefined && performance.now() < deadline) {
        await getOnNewConnection(categories(server));
        replacement = [...(await answeredBy(server)).keys()]
          .map(Number)
          .find((pid) => !workers.includes(pid));
      }
      expect(replacement, 'a new worker answered within 60 s').toBeDefined();
      expect(server.workerPids().sort()).toEqual([...survivors, replacement].sort());
      expect(server.output()).toContain('server process died; starting another');
      workers = server.workerPids();
    } finally {
      expect(await server.kill('SIGTERM')).toBe(0);
    }
    await processesGone(workers, 1_000);
    expect(await getOnNewConnection(categories(server))).toBe(0);
  });

  it('SIGKILL to the primary: its workers exit too, nothing serves on', async () => {
    // 2 × 200 pooled connections: more than the pair's 300, which the start warns of
    const server = await startServerProcess(t, { SERVER_PROCESSES: '2', DATABASE_POOL_SIZE: '200' });
    expect(server.output()).toContain('may open more connections to the primary than it allows');
    const workers = server.workerPids();
    expect(workers).toHaveLength(2);
    await server.kill('SIGKILL');
    await processesGone(workers, 5_000);
    expect(await getOnNewConnection(categories(server))).toBe(0);
  });

  it('workers that keep dying stop the server with a clear message and exit 1, not a fork loop', async () => {
    const server = await startServerProcess(t, { SERVER_PROCESSES: '2' });
    const killed: number[] = [];
    const deadline = performance.now() + 60_000;
    while (performance.now() < deadline && !server.output().includes('Holdfast stopped')) {
      for (const pid of server.workerPids()) {
        if (killed.includes(pid)) continue;
        killed.push(pid);
        process.kill(pid, 'SIGKILL');
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/Holdfast stopped: .* server processes died within 60 s/);
    await processesGone(killed, 1_000);
  });
});
