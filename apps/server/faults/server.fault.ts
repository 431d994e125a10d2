import net from 'node:net';
import { setTimeout as pause } from 'node:timers/promises';
import { testCards } from '@holdfast/api';
import { createProduct, createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesGone, type ServerProcess, startServerProcess } from '../test/server-process.ts';
import { recordFigures } from './figures.ts';
import { expectInvariants } from './invariants.ts';
import { type Buyer, buyerOf, detailsOf, placeOrder, round, ServerAddress, untilAnswered } from './shop.ts';

const requestTimeoutMs = 2_000;
// two workers: killing the server (its primary) must take its workers with it
const serverEnv = { HTTP_REQUEST_TIMEOUT_MS: String(requestTimeoutMs), SERVER_PROCESSES: '2' };

let t: TestDatabase;
let server: ServerProcess;
beforeAll(async () => {
  t = await createTestDatabase();
  server = await startServerProcess(t, serverEnv);
});
afterAll(async () => {
  await server?.kill('SIGTERM');
  await t?.drop();
});

function pay(buyer: Buyer, orderNumber: string) {
  return buyer.client.checkout.pay.mutate({
    orderNumber,
    email: buyer.email,
    card: { number: testCards.succeeds, expMonth: 12, expYear: new Date().getUTCFullYear() + 3, cvc: '123' },
    idempotencyKey: buyer.payKey,
  });
}

/** Places and pays, each step sent again while the server is unavailable; a payment still under its dead request's lease is retried by the caller. */
async function shop(buyer: Buyer) {
  const placed = await untilAnswered(() => placeOrder(buyer));
  if (!placed.value) return { placed };
  const number = placed.value.number;
  return { placed, number, paid: await untilAnswered(() => pay(buyer, number)) };
}

/**
 * Sends a request's head and then its body in 1 MB chunks until the server answers or closes;
 * resolves with the status line (empty when the server reset the connection before it could be
 * read) and how much of the body went out.
 */
function upload(head: string, bodyBytes: number): Promise<{ statusLine: string; sentMb: number }> {
  const { port } = new URL(server.url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let received = '';
    let sent = 0;
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const finish = () => {
      socket.destroy();
      resolve({ statusLine: received.split('\r\n', 1)[0] ?? '', sentMb: sent / chunk.length });
    };
    const pump = () => {
      while (sent < bodyBytes && !socket.destroyed) {
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    socket.on('connect', () => {
      socket.write(`${head}\r\nContent-Length: ${bodyBytes}\r\n\r\n`);
      pump();
    });
    socket.on('data', (data) => {
      received += data.toString('latin1');
      if (received.includes('\r\n\r\n')) finish();
    });
    socket.on('close', finish);
    socket.on('error', finish);
  });
}

/** Sends a request's head and one body byte every 300 ms; resolves with the status line and when it came. */
function slowBody(): Promise<{ statusLine: string; afterMs: number }> {
  const { port } = new URL(server.url);
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let received = '';
    const drip = setInterval(() => socket.write('{'), 300);
    const finish = () => {
      clearInterval(drip);
      socket.destroy();
      resolve({ statusLine: received.split('\r\n', 1)[0] ?? '', afterMs: performance.now() - started });
    };
    socket.on('connect', () =>
      socket.write(
        'POST /trpc/cart.create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
      ),
    );
    socket.on('data', (data) => {
      received += data.toString('latin1');
      if (received.includes('\r\n\r\n')) finish();
    });
    socket.on('close', finish);
    socket.on('error', finish);
  });
}

async function cartCount(): Promise<number> {
  const [row] = await t.sql<{ carts: number }>('primary', 'select count(*)::int as carts from cart');
  return row?.carts ?? 0;
}

describe('server faults', () => {
  it('server SIGKILL mid-checkout and mid-payment: a new server finishes every order and payment once, stock = ledger', async () => {
    const initialStock = 100;
    const { variants } = await createProduct(t.db.primaryEm(), [{ priceCents: 1_500, stock: initialStock }]);
    const variantId = (variants[0] as { id: number }).id;
    const address = new ServerAddress(server.url);
    const buyers = await Promise.all(Array.from({ length: 30 }, () => buyerOf(address, variantId)));

    const shopping = Promise.all(buyers.map(shop));
    // killed once payments have begun: some orders are placed, some paying, some not yet placed
    while ((await t.sql('primary', 'select 1 from payment limit 1')).length === 0) await pause(5);
    const workers = server.workerPids();
    await server.kill('SIGKILL');
    // no orphan goes on serving (or holding locks) once the server is killed
    const workersGoneMs = await processesGone(workers, 5_000);
    server = await startServerProcess(t, serverEnv);
    address.current = server.url;
    const journeys = await shopping;

    // a payment whose request died holds its lease (4 provider timeouts, 40 s); the client is
    // told how long, and here time is moved past it instead of waited out
    const inProgress = journeys.filter(
      ({ paid }) => detailsOf(paid?.error)?.reason === 'PAYMENT_IN_PROGRESS',
    );
    const retryAfter = inProgress.map(({ paid }) => detailsOf(paid?.error)?.retryAfterSeconds ?? 0);
    await t.sql(
      'primary',
      `update payment set lease_expires_at = now() - interval '1 second'
        where status in ('pending', 'authorized') and lease_expires_at > now()`,
    );
    const retried = await Promise.all(
      inProgress.map(({ number }, index) =>
        untilAnswered(() =>
          pay(buyers[journeys.findIndex((journey) => journey.number === number)] as Buyer, number as string),
        ).then((answer) => ({ index, answer })),
      ),
    );

    const acknowledged = journeys.flatMap(({ number }) => (number ? [number] : []));
    const paidNumbers = [
      ...journeys.flatMap(({ number, paid }) => (paid?.value ? [number as string] : [])),
      ...retried.flatMap(({ index, answer }) => (answer.value ? [inProgress[index]?.number as string] : [])),
    ];
    recordFigures('server SIGKILL mid-checkout/pay', {
      workers: workers.length,
      workersGoneMs: round(workersGoneMs),
      orders: acknowledged.length,
      paid: paidNumbers.length,
      leaseWaits: inProgress.length,
      retryAfterS: retryAfter.length ? `${Math.min(...retryAfter)}-${Math.max(...retryAfter)}` : '-',
    });
    expect(workers).toHaveLength(2);
    expect(acknowledged).toHaveLength(30);
    expect(paidNumbers).toHaveLength(30);
    for (const seconds of retryAfter) expect(seconds).toBeGreaterThan(0);
    const paidRows = await t.sql<{ number: string }>(
      'primary',
      `select number from orders where status = 'paid' and number = any($1)`,
      [paidNumbers],
    );
    expect(paidRows).toHaveLength(30);
    await expectInvariants(t, { acknowledged, variantId, initialStock });
  });

  it('oversized uploads, slow bodies and a 400-call batch: refused, bounded RSS, the shop keeps answering', async () => {
    const rssBeforeMb = server.rssMb();
    let rssPeakMb = rssBeforeMb;
    const sampler = setInterval(() => {
      rssPeakMb = Math.max(rssPeakMb, server.rssMb());
    }, 50);
    const cartsBefore = await cartCount();
    const batch = `/trpc/${Array.from({ length: 400 }, () => 'cart.create').join(',')}?batch=1`;
    const started = performance.now();
    const [uploads, slow, batchAnswer] = await Promise.all([
      Promise.all(
        Array.from({ length: 8 }, () =>
          upload(
            'POST /trpc/cart.create HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=x',
            150 * 1024 * 1024,
          ),
        ),
      ),
      Promise.all(Array.from({ length: 20 }, slowBody)),
      fetch(`${server.url}${batch}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          Object.fromEntries(Array.from({ length: 400 }, (_, index) => [index, { json: null }])),
        ),
      }),
    ]);
    const attackMs = performance.now() - started;
    // the shop still answers
    const cartStarted = performance.now();
    await new ServerAddress(server.url).newClient().cart.create.mutate();
    const cartMs = performance.now() - cartStarted;
    clearInterval(sampler);

    recordFigures('oversized and slow clients', {
      rssMb: `${round(rssBeforeMb)}→peak ${round(rssPeakMb)}`,
      uploads415: uploads.filter(({ statusLine }) => statusLine.includes(' 415 ')).length,
      uploadMaxSentMb: Math.max(...uploads.map(({ sentMb }) => sentMb)),
      slow408: slow.filter(({ statusLine }) => statusLine.includes(' 408 ')).length,
      slowestSlowMs: round(Math.max(...slow.map(({ afterMs }) => afterMs))),
      batch: batchAnswer.status,
      attackMs: round(attackMs),
      cartAfterMs: round(cartMs),
    });
    // each refused: a 415, or a reset that cut the upload off before it could be read; never 150 MB
    for (const { statusLine, sentMb } of uploads) {
      if (statusLine) expect(statusLine).toContain(' 415 ');
      expect(sentMb).toBeLessThan(150);
    }
    for (const { statusLine, afterMs } of slow) {
      expect(statusLine).toContain(' 408 ');
      expect(afterMs).toBeLessThan(requestTimeoutMs + 1_500);
    }
    expect(batchAnswer.status).toBe(400);
    expect(await cartCount()).toBe(cartsBefore + 1);
    expect(rssPeakMb - rssBeforeMb).toBeLessThan(100);
  });
});
