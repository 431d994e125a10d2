import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTimeoutMessage } from '../src/discarding-client.ts';
import { type EntityManager, isConnectionLoss, readPrepared } from '../src/index.ts';
import { monitorPool } from '../src/monitor-pool.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

// the test database's statement timeouts (replica 1 s, primary 2 s) and the client's 500 ms past them
const replicaBoundMs = 1_500;
const primaryBoundMs = 2_500;
// the clients are looked at every 100 ms; the rest is a busy test machine's slack
const lateByAtMostMs = 600;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

const backendPid = 'select pg_backend_pid() as pid, $1::int as attempt';

/** Both ways a read reaches pg: a prepared read (pg-pool's query, with a callback) and the ORM's (kysely, a promise). */
function bothWays(em: EntityManager, attempt: number): Promise<{ pid: number }[]>[] {
  return [
    readPrepared<{ pid: number }>(em, backendPid, [attempt]),
    em
      .getConnection('read')
      .execute<{ pid: number }[]>(`select pg_backend_pid() as pid, ${attempt} as attempt`),
  ];
}

async function timed<T>(work: Promise<T>): Promise<{ outcome: PromiseSettledResult<T>; ms: number }> {
  const started = performance.now();
  const [outcome] = await Promise.allSettled([work]);
  return { outcome: outcome as PromiseSettledResult<T>, ms: performance.now() - started };
}

describe('a server that stops answering', () => {
  it('fails the reads sent to it with the client read timeout once its bound passes, and later reads run on fresh connections', async () => {
    const em = await t.db.readEm({ freshnessBudgetMs: 60_000 });
    // two pooled connections, open before the freeze: neither read below waits to open one
    const before = (await Promise.all(bothWays(em, 1))).flat().map(({ pid }) => pid);

    await t.cluster.signal('replica', 'SIGSTOP');
    let attempts: Awaited<ReturnType<typeof timed>>[];
    try {
      attempts = await Promise.all(bothWays(em, 2).map(timed));
    } finally {
      await t.cluster.signal('replica', 'SIGCONT');
    }

    for (const { outcome, ms } of attempts) {
      expect(outcome.status).toBe('rejected');
      const reason = (outcome as PromiseRejectedResult).reason;
      expect(reason).toSatisfy(isConnectionLoss);
      expect(String(reason)).toContain(readTimeoutMessage);
      expect(ms).toBeGreaterThanOrEqual(replicaBoundMs);
      expect(ms).toBeLessThan(replicaBoundMs + lateByAtMostMs);
    }
    // the connections that were given up on are gone from the pool: the same reads run on others
    const after = (await Promise.all(bothWays(em, 3))).flat().map(({ pid }) => pid);
    expect(after.filter((pid) => before.includes(pid))).toEqual([]);
  });

  it("fails a probe (the primary's WAL position, a replica's replay) once its bound passes, and probes again on a fresh connection", async () => {
    const probeBoundMs = 1_000;
    const probes = monitorPool(t.replicaUrl, probeBoundMs);
    try {
      const probe = async () => (await probes.query<{ pid: number }>(backendPid, [0])).rows[0]?.pid;
      const before = await probe();
      expect(before).toEqual(expect.any(Number));

      await t.cluster.signal('replica', 'SIGSTOP');
      let frozen: Awaited<ReturnType<typeof timed>>;
      try {
        frozen = await timed(probe());
      } finally {
        await t.cluster.signal('replica', 'SIGCONT');
      }
      expect(frozen.outcome.status).toBe('rejected');
      expect(String((frozen.outcome as PromiseRejectedResult).reason)).toContain(readTimeoutMessage);
      expect(frozen.ms).toBeGreaterThanOrEqual(probeBoundMs);
      expect(frozen.ms).toBeLessThan(probeBoundMs + lateByAtMostMs);

      const after = await probe();
      expect(after).toEqual(expect.any(Number));
      expect(after).not.toBe(before);
    } finally {
      await probes.end();
    }
  });

  it('waits on a server that keeps answering, however long the work as a whole takes', async () => {
    // three statements of a second each on one connection, longer together than the primary's bound
    const started = performance.now();
    const slept = await t.db.primaryTransactional(async (tx) => {
      const answers = [];
      for (const seconds of [1, 1, 1])
        answers.push(...(await readPrepared(tx, 'select pg_sleep($1) as slept', [seconds])));
      return answers;
    });
    expect(slept).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThan(primaryBoundMs);
  });
});
