import { createHash } from 'node:crypto';
import { isHoldfastError } from '@holdfast/client';
import { createProduct } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

let accounts = 0;
function newAccount(label: string) {
  accounts++;
  return { email: `${label}-${accounts}@example.com`, password: `http password ${label} ${accounts}!` };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** One tRPC call as a browser makes it, so the cookie and the headers can be seen. */
async function call(
  path: string,
  {
    input,
    headers = {},
    method,
  }: { input?: unknown; headers?: Record<string, string>; method?: 'GET' | 'POST' } = {},
) {
  const isQuery = (method ?? (input === undefined ? 'GET' : 'POST')) === 'GET';
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const response = await fetch(`${server.url}/trpc/${path}${isQuery ? query : ''}`, {
    method: isQuery ? 'GET' : 'POST',
    headers: isQuery ? headers : { 'content-type': 'application/json', ...headers },
    body: isQuery ? undefined : JSON.stringify({ json: input ?? null }),
  });
  const body = (await response.json()) as {
    result?: { data: { json: Record<string, unknown> } };
    error?: { json: { data: { code: string } } };
  };
  return { response, data: body.result?.data.json, code: body.error?.json.data.code };
}

async function errorCode(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  return isHoldfastError(error) ? error.data?.code : `not a Holdfast error: ${String(error)}`;
}

describe('accounts over HTTP with the real client', () => {
  it('a bearer token from register or login signs the client in; orders it places are its own', async () => {
    const account = newAccount('bearer');
    const anonymous = server.newClient();
    const registered = await anonymous.account.register.mutate(account);
    const client = server.newClient(registered.token);
    expect(await client.account.me.query()).toEqual(registered.customer);

    const { variants } = await createProduct(server.t.db.primaryEm(), [{ priceCents: 900, stock: 3 }]);
    const { token } = await client.cart.create.mutate();
    await client.cart.setItem.mutate({ token, variantId: variants[0]?.id ?? 0, quantity: 1 });
    const order = await client.checkout.placeOrder.mutate({
      cartToken: token,
      email: account.email,
      expectedTotal: 900,
      idempotencyKey: 'http-bearer-order',
    });
    const mine = await client.orders.mine.query();
    expect(mine.items.map((listed) => listed.number)).toEqual([order.number]);
    // dates still arrive as dates: plain answers skip superjson's walk on the server, these do not
    expect(mine.items[0]?.createdAt).toBeInstanceOf(Date);
    // the cart is the customer's: a client without the session is told it does not exist
    expect(await errorCode(anonymous.cart.get.query({ token }))).toBe('NOT_FOUND');

    const signedIn = await anonymous.account.login.mutate(account);
    await server.newClient(signedIn.token).account.logout.mutate();
    expect(await errorCode(server.newClient(signedIn.token).account.me.query())).toBe('UNAUTHORIZED');
    expect(await client.account.me.query()).toEqual(registered.customer);
  });

  it('revoked, expired and altered tokens get UNAUTHORIZED', async () => {
    const account = newAccount('refused');
    const { token } = await server.newClient().account.register.mutate(account);
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(await errorCode(server.newClient(flipped).account.me.query())).toBe('UNAUTHORIZED');
    await server.t.sql(
      'primary',
      `update session set expires_at = now() - interval '1 minute' where token_hash = $1`,
      [sha256(token)],
    );
    expect(await errorCode(server.newClient(token).account.me.query())).toBe('UNAUTHORIZED');

    const { token: second } = await server.newClient().account.login.mutate(account);
    await server.newClient(second).account.logout.mutate();
    expect(await errorCode(server.newClient(second).account.me.query())).toBe('UNAUTHORIZED');
  });

  it('the 11th wrong password in a minute for one email is 429 TOO_MANY_REQUESTS with Retry-After, even when right', async () => {
    const account = newAccount('brute');
    await server.newClient().account.register.mutate(account);
    for (let attempt = 0; attempt < 10; attempt++) {
      const { code } = await call('account.login', { input: { ...account, password: `wrong ${attempt}` } });
      expect(code).toBe('UNAUTHORIZED');
    }
    // a spoofed X-Forwarded-For changes nothing: this server trusts no proxy
    const { response, code } = await call('account.login', {
      input: account,
      headers: { 'x-forwarded-for': '203.0.113.77' },
    });
    expect([response.status, code]).toEqual([429, 'TOO_MANY_REQUESTS']);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('the session cookie', () => {
  it('login sets it HttpOnly, SameSite=Lax, not Secure over http; it signs in GET and JSON POST calls; logout revokes and clears it', async () => {
    const account = newAccount('cookie');
    await server.newClient().account.register.mutate(account);
    const login = await call('account.login', { input: account });
    const token = login.data?.token as string;
    const setCookie = login.response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(new RegExp(`^holdfast_session=${token};`));
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).toMatch(/; Expires=/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    // a spoofed X-Forwarded-Proto does not make this server believe it is on https
    const spoofed = await call('account.login', {
      input: account,
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(spoofed.response.headers.get('set-cookie')).not.toMatch(/Secure/);

    const cookie = { cookie: `holdfast_session=${token}` };
    expect((await call('account.me', { headers: cookie })).data).toMatchObject({ email: account.email });
    const { token: cartToken } = (await call('cart.create', { headers: cookie, method: 'POST' })).data as {
      token: string;
    };
    const [cart] = await server.t.sql<{ customer_id: number }>(
      'primary',
      'select customer_id from cart where token = $1',
      [cartToken],
    );
    expect(cart?.customer_id).toBe(login.data?.customer && (login.data.customer as { id: number }).id);

    // a form post, as another site could make one: the cookie does not count, so nothing is revoked
    const form = new FormData();
    form.set('anything', 'x');
    const crossSite = await fetch(`${server.url}/trpc/account.logout`, {
      method: 'POST',
      headers: cookie,
      body: form,
    });
    expect(crossSite.headers.get('set-cookie')).toBeNull();
    expect((await call('account.me', { headers: cookie })).code).toBeUndefined();

    const logout = await call('account.logout', { headers: cookie, method: 'POST' });
    expect(logout.response.headers.get('set-cookie')).toMatch(
      /^holdfast_session=; .*Expires=Thu, 01 Jan 1970/,
    );
    expect((await call('account.me', { headers: cookie })).code).toBe('UNAUTHORIZED');
  });

  it('behind a trusted proxy that says https, the cookie is Secure and the address comes from X-Forwarded-For', async () => {
    const proxied = await startTestServer({ trustProxy: true });
    try {
      const account = newAccount('proxied');
      const response = await fetch(`${proxied.url}/trpc/account.register`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-proto': 'https',
          'x-forwarded-for': '198.51.100.7',
        },
        body: JSON.stringify({ json: account }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
      // 20 registrations a minute per address: the 21st from 198.51.100.7 is refused, another address is not
      for (let index = 0; index < 19; index++) {
        await fetch(`${proxied.url}/trpc/account.register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' },
          body: JSON.stringify({ json: newAccount('proxied') }),
        });
      }
      const limited = await fetch(`${proxied.url}/trpc/account.register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' },
        body: JSON.stringify({ json: newAccount('proxied') }),
      });
      expect(limited.status).toBe(429);
      const elsewhere = await fetch(`${proxied.url}/trpc/account.register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.8' },
        body: JSON.stringify({ json: newAccount('proxied') }),
      });
      expect(elsewhere.status).toBe(200);
    } finally {
      await proxied.close();
    }
  });
});

describe('the logs', () => {
  it('never show a password, a session token, its hash or the password hash, at debug level', async () => {
    const account = newAccount('secret');
    server.logLines.length = 0;
    const registered = await call('account.register', { input: account });
    const token = registered.data?.token as string;
    await call('account.login', { input: { ...account, password: `${account.password} but wrong` } });
    const login = await call('account.login', { input: account });
    const second = login.data?.token as string;
    await call('account.me', { headers: { authorization: `Bearer ${token}` } });
    await call('account.me', { headers: { cookie: `holdfast_session=${second}` } });
    // a careless client putting the password in a URL
    await call('account.login', { input: account, method: 'GET' });
    await call('account.logout', { headers: { authorization: `Bearer ${token}` }, method: 'POST' });
    await call('account.register', { input: account });
    // what a database error looks like: its SQL, values inlined
    server.app.log.error(
      { err: new Error(`insert into "session" ("token_hash") values ('${sha256(token)}') - value too long`) },
      'procedure failed',
    );

    const [row] = await server.t.sql<{ password_hash: string }>(
      'primary',
      'select password_hash from customer where email = $1',
      [account.email],
    );
    const logs = server.logLines.join('\n');
    expect(logs).toContain('account.login');
    expect(logs).toContain('"msg":"query"');
    expect(logs).toContain('value too long');
    for (const secret of [
      account.password,
      token,
      second,
      sha256(token),
      sha256(second),
      row?.password_hash ?? 'x',
    ]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toContain(encodeURIComponent(account.password));
  });
});
