import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, signedInAccount, testAccounts, uniqueEmail } from '../../test/account-support.ts';
import { detailsOf, newCaller, refusal, stockedProduct, withReplayPaused } from '../../test/support.ts';
import { configurePayments } from '../payments/settings.ts';
import { TestPaymentProvider, testCards } from '../payments/test-provider.ts';
import { ensureAdmin } from './admins.ts';

let t: TestDatabase;
let admin: Account;
beforeAll(async () => {
  t = await createTestDatabase();
  configurePayments(t.db, { provider: new TestPaymentProvider() });
  testAccounts(t);
  admin = await signedInAccount(t, 'admin', { admin: true });
});
afterAll(() => t.drop());

const newProduct = (suffix: string) => ({
  slug: `admin-made-${suffix}`,
  name: `Admin made ${suffix}`,
  description: 'Made through admin.createProduct',
  categorySlug: 'fixtures',
  variants: [
    { sku: `AM-${suffix}-S`, name: 'Small', priceCents: 1200, stock: 5 },
    { sku: `AM-${suffix}-L`, name: 'Large', priceCents: 1500, stock: 0 },
  ],
});

describe('admin catalog', () => {
  it('createProduct writes the product, its variants and their opening stock to the ledger; the catalog shows it to the admin at once', async () => {
    await stockedProduct(t, [{ priceCents: 1, stock: 1 }]); // makes the fixtures category
    const { api, ctx } = admin.as();
    const created = await api.admin.createProduct(newProduct('one'));
    expect(created).toMatchObject({
      slug: 'admin-made-one',
      active: true,
      categorySlug: 'fixtures',
      priceFromCents: 1200,
      variants: [
        { sku: 'AM-one-S', priceCents: 1200, stockOnHand: 5 },
        { sku: 'AM-one-L', priceCents: 1500, stockOnHand: 0 },
      ],
    });
    for (const variant of created.variants) {
      expect(await t.stockAndLedger(variant.id)).toEqual({
        stock: variant.stockOnHand,
        ledger: variant.stockOnHand,
      });
    }
    // read-your-writes: the admin's next catalog read waits for a replica that has the product
    const shown = await newCaller(t, { readPositions: ctx.writtenPositions }).api.catalog.product({
      slug: 'admin-made-one',
    });
    expect(shown.variants.map((variant) => variant.sku)).toEqual(['AM-one-S', 'AM-one-L']);
  });

  it('a taken slug or sku is a CONFLICT naming it, an unknown category NOT_FOUND; nothing is written', async () => {
    const { api } = admin.as();
    await api.admin.createProduct(newProduct('two'));
    const slugTaken = await refusal(
      api.admin.createProduct({ ...newProduct('two'), variants: newProduct('x').variants }),
    );
    expect(detailsOf(slugTaken)).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'slug',
      values: ['admin-made-two'],
    });
    const skuTaken = await refusal(
      api.admin.createProduct({ ...newProduct('three'), variants: newProduct('two').variants }),
    );
    expect(skuTaken.code).toBe('CONFLICT');
    expect(detailsOf(skuTaken)).toMatchObject({ reason: 'ALREADY_EXISTS', field: 'sku' });
    const noCategory = await refusal(
      api.admin.createProduct({ ...newProduct('four'), categorySlug: 'no-such-category' }),
    );
    expect(noCategory.code).toBe('NOT_FOUND');
    expect(
      await t.sql('primary', `select 1 from product where slug in ('admin-made-three', 'admin-made-four')`),
    ).toEqual([]);
  });

  it('updateProduct changes what it is given; a deactivated product leaves the catalog', async () => {
    const { api, ctx } = admin.as();
    const created = await api.admin.createProduct(newProduct('five'));
    const updated = await api.admin.updateProduct({ productId: created.id, name: 'Renamed', active: false });
    expect(updated).toMatchObject({ name: 'Renamed', active: false, description: created.description });
    const gone = await refusal(
      newCaller(t, { readPositions: ctx.writtenPositions }).api.catalog.product({ slug: created.slug }),
    );
    expect(gone.code).toBe('NOT_FOUND');
    expect((await refusal(api.admin.updateProduct({ productId: 999_999, name: 'x' }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await refusal(api.admin.updateProduct({ productId: created.id }))).code).toBe('BAD_REQUEST');
  });

  it('setPrice and createVariant keep priceFromCents at the cheapest variant', async () => {
    const { api } = admin.as();
    const created = await api.admin.createProduct(newProduct('six'));
    const [small, large] = created.variants;
    if (!small || !large) throw new Error('two variants');
    expect((await api.admin.setPrice({ variantId: small.id, priceCents: 1800 })).priceFromCents).toBe(1500);
    expect((await api.admin.setPrice({ variantId: large.id, priceCents: 900 })).priceFromCents).toBe(900);
    const withVariant = await api.admin.createVariant({
      productId: created.id,
      sku: 'AM-six-XS',
      name: 'Extra small',
      priceCents: 400,
      stock: 7,
    });
    expect(withVariant.priceFromCents).toBe(400);
    expect(withVariant.variants.map((variant) => variant.priceCents)).toEqual([1800, 900, 400]);
    const [row] = await t.sql<{ price_from_cents: number }>(
      'primary',
      'select price_from_cents from product where id = $1',
      [created.id],
    );
    expect(row?.price_from_cents).toBe(400);
    const xs = withVariant.variants[2];
    expect(await t.stockAndLedger(xs?.id ?? 0)).toEqual({ stock: 7, ledger: 7 });
    expect((await refusal(api.admin.setPrice({ variantId: 999_999, priceCents: 1 }))).code).toBe('NOT_FOUND');
  });

  it('40 concurrent price changes on one product: priceFromCents ends at the cheapest final price', async () => {
    const { api } = admin.as();
    const created = await api.admin.createProduct(newProduct('seven'));
    const ids = created.variants.map((variant) => variant.id);
    await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        admin
          .as()
          .api.admin.setPrice({ variantId: ids[index % 2] ?? 0, priceCents: 1000 + ((index * 37) % 500) }),
      ),
    );
    const [row] = await t.sql<{ price_from_cents: number; cheapest: number }>(
      'primary',
      `select p.price_from_cents, (select min(price_cents) from variant v where v.product_id = p.id) as cheapest
         from product p where p.id = $1`,
      [created.id],
    );
    expect(row?.price_from_cents).toBe(row?.cheapest);
    expect(await api.admin.setPrice({ variantId: ids[0] ?? 0, priceCents: 1 })).toMatchObject({
      priceFromCents: 1,
    });
  });
});

describe('admin.adjustStock', () => {
  it('records an adjustment with its note in the ledger; refuses to go below zero with CONFLICT and writes nothing', async () => {
    const { variants } = await stockedProduct(t, [{ priceCents: 100, stock: 4 }]);
    const variantId = variants[0]?.id ?? 0;
    const { api } = admin.as();
    expect(await api.admin.adjustStock({ variantId, delta: 6, note: 'delivery 1234' })).toMatchObject({
      stockOnHand: 10,
    });
    expect(await api.admin.adjustStock({ variantId, delta: -3, note: 'water damage' })).toMatchObject({
      stockOnHand: 7,
    });
    const refused = await refusal(api.admin.adjustStock({ variantId, delta: -8, note: 'recount' }));
    expect(refused.code).toBe('CONFLICT');
    expect(detailsOf(refused)).toEqual({
      reason: 'INSUFFICIENT_STOCK',
      items: [{ sku: variants[0]?.sku, variantId, requested: 8, available: 7 }],
    });
    expect(await t.stockAndLedger(variantId)).toEqual({ stock: 7, ledger: 7 });
    expect(
      await t.sql(
        'primary',
        `select delta, note from stock_movement where variant_id = $1 and reason = 'adjustment' order by id`,
        [variantId],
      ),
    ).toEqual([
      { delta: 6, note: 'delivery 1234' },
      { delta: -3, note: 'water damage' },
    ]);
    expect((await refusal(api.admin.adjustStock({ variantId, delta: 0, note: 'nothing' }))).code).toBe(
      'BAD_REQUEST',
    );
    expect((await refusal(api.admin.adjustStock({ variantId: 999_999, delta: 1, note: 'x' }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('20 adjustments racing 100 concurrent checkouts: stock and the ledger add up and stock never goes below zero', async () => {
    const { variants } = await stockedProduct(t, [{ priceCents: 250, stock: 60 }]);
    const variant = variants[0];
    if (!variant) throw new Error('fixture has a variant');
    const buyers = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const buyer = newCaller(t);
        const { token } = await buyer.api.cart.create();
        await buyer.api.cart.setItem({ token, variantId: variant.id, quantity: 1 });
        return { api: buyer.api, token };
      }),
    );
    const deltas = Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? 3 : -4));

    const checkouts = buyers.map(({ api, token }, index) =>
      api.checkout.placeOrder({
        cartToken: token,
        email: `racer${index}@example.com`,
        expectedTotal: 250,
        idempotencyKey: `adjust-race-${index}`,
      }),
    );
    const adjustments = deltas.map((delta, index) =>
      admin.as().api.admin.adjustStock({ variantId: variant.id, delta, note: `race ${index}` }),
    );
    const [placed, adjusted] = await Promise.all([
      Promise.allSettled(checkouts),
      Promise.allSettled(adjustments),
    ]);

    for (const outcome of [...placed, ...adjusted]) {
      if (outcome.status === 'fulfilled') continue;
      expect(outcome.reason).toBeInstanceOf(TRPCError);
      expect((outcome.reason as TRPCError).code).toBe('CONFLICT');
      expect(detailsOf(outcome.reason)?.reason).toBe('INSUFFICIENT_STOCK');
    }
    const orders = placed.filter((outcome) => outcome.status === 'fulfilled').length;
    const applied = deltas.filter((_, index) => adjusted[index]?.status === 'fulfilled');
    const expected = 60 + applied.reduce((sum, delta) => sum + delta, 0) - orders;
    expect(expected).toBeGreaterThanOrEqual(0);
    expect(await t.stockAndLedger(variant.id)).toEqual({ stock: expected, ledger: expected });
    const [movements] = await t.sql<{ orders: number; adjustments: number }>(
      'primary',
      `select count(*) filter (where reason = 'order')::int as orders,
              count(*) filter (where reason = 'adjustment')::int as adjustments
         from stock_movement where variant_id = $1`,
      [variant.id],
    );
    expect(movements).toEqual({ orders, adjustments: applied.length });
    expect(orders).toBeGreaterThanOrEqual(60 - 40);
  });
});

describe('admin.listOrders', () => {
  it('lists every order newest first from the primary, in keyset pages, filtered by status or email', async () => {
    const { variants } = await stockedProduct(t, [{ priceCents: 100, stock: 50 }]);
    const variantId = variants[0]?.id ?? 0;
    const customer = await signedInAccount(t, 'listed');
    const numbers: string[] = [];
    await withReplayPaused(t, async () => {
      for (let index = 0; index < 5; index++) {
        const { api } = index % 2 === 0 ? customer.as() : newCaller(t);
        const { token } = await api.cart.create();
        await api.cart.setItem({ token, variantId, quantity: 1 });
        const order = await api.checkout.placeOrder({
          cartToken: token,
          email: index % 2 === 0 ? customer.email : `guest${index}@example.com`,
          expectedTotal: 100,
          idempotencyKey: `listed-${index}`,
        });
        numbers.push(order.number);
      }
      const firstPage = await admin.as().api.admin.listOrders({ limit: 3 });
      expect(firstPage.items.map((order) => order.number)).toEqual(numbers.slice(2).reverse());
      const secondPage = await admin
        .as()
        .api.admin.listOrders({ limit: 3, cursor: firstPage.nextCursor ?? undefined });
      expect(secondPage.items.map((order) => order.number).slice(0, 2)).toEqual(
        numbers.slice(0, 2).reverse(),
      );
    });
    const byEmail = await admin.as().api.admin.listOrders({ email: customer.email.toUpperCase() });
    expect(byEmail.items.map((order) => order.number)).toEqual([numbers[4], numbers[2], numbers[0]]);
    expect(byEmail.items[0]).toMatchObject({ customerId: customer.customerId, status: 'awaiting_payment' });
    const paid = await admin.as().api.admin.listOrders({ status: 'paid' });
    expect(paid.items.map((order) => order.number)).not.toContain(numbers[0]);
  });
});

describe('admin.refund', () => {
  it('refunds a paid order through the provider: the order is cancelled and its stock comes back; an unpaid one is a CONFLICT', async () => {
    const { variants } = await stockedProduct(t, [{ priceCents: 800, stock: 5 }]);
    const variantId = variants[0]?.id ?? 0;
    const buyer = newCaller(t);
    const { token } = await buyer.api.cart.create();
    await buyer.api.cart.setItem({ token, variantId, quantity: 2 });
    const order = await buyer.api.checkout.placeOrder({
      cartToken: token,
      email: 'refunded@example.com',
      expectedTotal: 1600,
      idempotencyKey: 'admin-refund-order',
    });
    const unpaid = await refusal(admin.as().api.admin.refund({ orderNumber: order.number }));
    expect(unpaid.code).toBe('CONFLICT');
    expect(detailsOf(unpaid)).toEqual({ reason: 'ORDER_NOT_REFUNDABLE', status: 'awaiting_payment' });
    const paid = await buyer.api.checkout.pay({
      orderNumber: order.number,
      email: 'refunded@example.com',
      card: {
        number: testCards.succeeds,
        expMonth: 12,
        expYear: new Date().getUTCFullYear() + 2,
        cvc: '123',
      },
      idempotencyKey: 'admin-refund-pay',
    });
    expect(paid.status).toBe('paid');
    expect(await t.stockAndLedger(variantId)).toEqual({ stock: 3, ledger: 3 });

    const refunded = await admin.as().api.admin.refund({ orderNumber: order.number });
    expect(refunded).toMatchObject({ number: order.number, status: 'cancelled' });
    expect(await t.stockAndLedger(variantId)).toEqual({ stock: 5, ledger: 5 });
    const [payment] = await t.sql<{ status: string }>(
      'primary',
      'select p.status from payment p join orders o on o.id = p.order_id where o.number = $1',
      [order.number],
    );
    expect(payment?.status).toBe('refunded');
    expect((await refusal(admin.as().api.admin.refund({ orderNumber: 'HF-0000000000000000' }))).code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('the first admin', () => {
  it('comes from ensureAdmin: created once, then left alone at a restart', async () => {
    const email = uniqueEmail('boss');
    expect(await ensureAdmin(t.db, { email, password: 'the boss password' }, { existingAdmin: 'keep' })).toBe(
      'created',
    );
    expect(await ensureAdmin(t.db, { email, password: 'another password' }, { existingAdmin: 'keep' })).toBe(
      'already_admin',
    );
    const signedIn = await newCaller(t, { clientIp: '10.7.0.1' }).api.account.login({
      email,
      password: 'the boss password',
    });
    expect(signedIn.customer.role).toBe('admin');
  });

  it('promoting an account someone registered first sets the configured password and ends their sessions', async () => {
    const squatter = await signedInAccount(t, 'squatter');
    expect(
      await ensureAdmin(
        t.db,
        { email: squatter.email, password: 'operator chosen' },
        { existingAdmin: 'keep' },
      ),
    ).toBe('promoted');
    expect((await refusal(squatter.as().api.admin.listOrders())).code).toBe('UNAUTHORIZED');
    const { api } = newCaller(t, { clientIp: '10.7.0.2' });
    expect(
      (await refusal(api.account.login({ email: squatter.email, password: squatter.password }))).code,
    ).toBe('UNAUTHORIZED');
    const operator = await api.account.login({ email: squatter.email, password: 'operator chosen' });
    expect(operator.customer.role).toBe('admin');
  });

  it('a weak or missing password is refused', async () => {
    await expect(
      ensureAdmin(t.db, { email: uniqueEmail('weak'), password: 'short' }, { existingAdmin: 'keep' }),
    ).rejects.toThrow(/at least 8 characters/);
  });

  const cli = fileURLToPath(new URL('../cli/create-admin.ts', import.meta.url));
  const run = promisify(execFile);

  it('the CLI takes the password from ADMIN_PASSWORD or stdin, never from its arguments', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: t.primaryUrl, DATABASE_REPLICA_URLS: '' };
    delete env.ADMIN_PASSWORD;
    const fromEnv = uniqueEmail('cli-env');
    const first = await run(process.execPath, [cli, '--email', fromEnv], {
      env: { ...env, ADMIN_PASSWORD: 'from the environment' },
    });
    expect(first.stdout).toContain(`${fromEnv}: created`);

    const fromStdin = uniqueEmail('cli-stdin');
    const child = execFile(process.execPath, [cli, '--email', fromStdin], { env });
    child.stdin?.end('typed into stdin\n');
    const exitCode = await new Promise((resolve) => child.on('exit', resolve));
    expect(exitCode).toBe(0);

    const { api } = newCaller(t, { clientIp: '10.7.0.3' });
    expect(
      (await api.account.login({ email: fromEnv, password: 'from the environment' })).customer.role,
    ).toBe('admin');
    expect((await api.account.login({ email: fromStdin, password: 'typed into stdin' })).customer.role).toBe(
      'admin',
    );

    const again = await run(process.execPath, [cli, '--email', fromEnv], {
      env: { ...env, ADMIN_PASSWORD: 'rotated password' },
    });
    expect(again.stdout).toContain('already an admin; its password is now the one given');
    await expect(run(process.execPath, [cli], { env })).rejects.toMatchObject({ code: 2 });
  });
});
