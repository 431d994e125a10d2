import { setTimeout as pause } from 'node:timers/promises';
import type { ExpiryResult } from '@holdfast/api';
import { createProduct } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrderSweeper } from '../src/order-sweeper.ts';
import { placeOrderOverHttp, startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('order sweeper', () => {
  it('on its timer, cancels an order past the hold and returns its stock; stop() waits for the sweep in progress', async () => {
    const { variants } = await createProduct(server.t.db.primaryEm(), [{ priceCents: 700, stock: 4 }]);
    const variant = variants[0];
    if (!variant) throw new Error('fixture has a variant');
    const client = server.newClient();
    const { order } = await placeOrderOverHttp(client, variant.id, 3, 'sleepy@example.com');

    const sweeper = startOrderSweeper(server.t.db, server.app.log, { holdMs: 0, intervalMs: 100 });
    try {
      for (;;) {
        const [row] = await server.t.sql<{ status: string }>(
          'primary',
          'select status from orders where number = $1',
          [order.number],
        );
        if (row?.status === 'cancelled') break;
        await pause(20);
      }
    } finally {
      await sweeper.stop();
    }

    expect(await server.t.stockAndLedger(variant.id)).toEqual({ stock: 4, ledger: 4 });
    expect(server.logLines.some((line) => line.includes('unpaid orders expired'))).toBe(true);
    expect(server.logLines.join('\n')).not.toContain(order.number);

    let release: () => void = () => undefined;
    let sweeps = 0;
    const slow = startOrderSweeper(server.t.db, server.app.log, { holdMs: 0, intervalMs: 100 }, () => {
      sweeps++;
      return new Promise<ExpiryResult>((resolve) => {
        release = () => resolve({ expired: [] });
      });
    });
    while (sweeps === 0) await pause(20);
    // several ticks pass while the first sweep is still running: none starts a second one
    await pause(350);
    expect(sweeps).toBe(1);
    let stopped = false;
    const stopping = slow.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
  });
});
