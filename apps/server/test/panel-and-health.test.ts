import { createHash } from 'node:crypto';
import { ensureAdmin } from '@holdfast/api';
import { createProduct } from '@holdfast/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createLogger } from '../src/logger.ts';
import { startTestServer, type TestServer } from './test-server.ts';

interface HealthBody {
  up: boolean;
  replicas: { name: string; up: boolean; lagMs: number | null }[];
}

interface HealthDetails {
  primary: { up: boolean };
  replicas: { name: string; up: boolean; lagMs: number | null; withoutPrimary: boolean; error?: string }[];
  routing: { replicaReads: number; primaryFallbacks: number };
}

let server: TestServer;
let adminToken: string;
let customerToken: string;
beforeAll(async () => {
  server = await startTestServer();
  const admin = { email: 'panel-admin@example.com', password: 'a long admin password' };
  await ensureAdmin(server.t.db, admin, { existingAdmin: 'keep' });
  adminToken = (await server.newClient().account.login.mutate(admin)).token;
  const customer = { email: 'panel-customer@example.com', password: 'a long customer password', name: 'C' };
  customerToken = (await server.newClient().account.register.mutate(customer)).token;
});
afterAll(() => server.close());

/** Another app on the same database, as a server started with other settings would be. */
async function appWith(panel: 'off' | 'admins'): Promise<FastifyInstance> {
  return buildApp({ db: server.t.db, logger: createLogger('silent'), panel });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('panel', () => {
  it('serves a page that lists the routers and their procedures, its inline script admitted by hash', async () => {
    const response = await fetch(`${server.url}/panel`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    for (const name of ['catalog', 'categories', 'products', 'cart', 'setItem', 'checkout', 'placeOrder']) {
      expect(html).toContain(name);
    }
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(script).digest('base64');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(policy).toContain("frame-ancestors 'none'");
  });

  it('off (production without PANEL_ENABLED): there is no /panel', async () => {
    const app = await appWith('off');
    expect((await app.inject({ url: '/panel' })).statusCode).toBe(404);
    await app.close();
  });

  it('for admins (production with PANEL_ENABLED): 401 anonymous, 403 for a customer, the page for an admin', async () => {
    const app = await appWith('admins');
    const anonymous = await app.inject({ url: '/panel' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.body).not.toContain('placeOrder');
    expect((await app.inject({ url: '/panel', headers: bearer(customerToken) })).statusCode).toBe(403);
    const admin = await app.inject({ url: '/panel', headers: bearer(adminToken) });
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toContain('placeOrder');
    // the browser's way in: the cookie the storefront's sign-in set
    const withCookie = await app.inject({ url: '/panel', cookies: { holdfast_session: adminToken } });
    expect(withCookie.statusCode).toBe(200);
    await app.close();
  });
});

describe('security headers', () => {
  it.each(['/', '/panel', '/healthz', '/trpc/catalog.categories'])('%s', async (path) => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    if (path !== '/panel') expect(response.headers.get('content-security-policy')).not.toContain('unsafe');
  });
});

describe('health', () => {
  it('/healthz says up and each replica lag, from the monitor samples: no database query per request', async () => {
    // a replica still behind every WAL sample the monitor kept has no known lag (null) yet
    await server.t.replicaCaughtUp();
    await server.t.db.refreshHealth();
    const refresh = vi.spyOn(server.t.db, 'refreshHealth');
    const responses = await Promise.all(Array.from({ length: 20 }, () => fetch(`${server.url}/healthz`)));
    expect(refresh).not.toHaveBeenCalled();
    refresh.mockRestore();
    const body = (await responses[0]?.json()) as HealthBody;
    expect(responses[0]?.status).toBe(200);
    expect(body).toEqual({
      up: true,
      replicas: [{ name: 'replica-1', up: true, lagMs: expect.any(Number) }],
    });
  });

  it('/healthz/details is for admins: 401 anonymous, 403 for a customer', async () => {
    expect((await fetch(`${server.url}/healthz/details`)).status).toBe(401);
    const customer = await fetch(`${server.url}/healthz/details`, { headers: bearer(customerToken) });
    expect(customer.status).toBe(403);
    const admin = await fetch(`${server.url}/healthz/details`, { headers: bearer(adminToken) });
    const details = (await admin.json()) as HealthDetails;
    expect(details.primary.up).toBe(true);
    expect(details.replicas[0]).toMatchObject({ name: 'replica-1', up: true, withoutPrimary: false });
    expect(details.routing.replicaReads).toEqual(expect.any(Number));
  });

  it('with the replica stopped: public health says it is down without the driver error, the admin sees why; the catalog is served by the primary', async () => {
    const { product } = await createProduct(server.t.db.primaryEm(), [{ priceCents: 1500, stock: 3 }]);
    const client = server.newClient();
    await server.t.cluster.replica.stop();
    try {
      await server.t.db.refreshHealth();
      const publicText = await (await fetch(`${server.url}/healthz`)).text();
      const body = JSON.parse(publicText) as HealthBody;
      expect(body.replicas[0]).toEqual({ name: 'replica-1', up: false, lagMs: null });
      expect(publicText).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|error/);
      const admin = await fetch(`${server.url}/healthz/details`, { headers: bearer(adminToken) });
      const details = (await admin.json()) as HealthDetails;
      expect(details.replicas[0]?.error).toEqual(expect.any(String));
      const fallbacksBefore = server.t.db.counters.primaryFallbacks;
      const shown = await client.catalog.product.query({ slug: product.slug });
      expect(shown.variants[0]?.priceCents).toBe(1500);
      expect(server.t.db.counters.primaryFallbacks).toBe(fallbacksBefore + 1);
    } finally {
      await server.t.cluster.replica.start();
      await server.t.replicaCaughtUp();
      await server.t.db.refreshHealth();
    }
  });
});
