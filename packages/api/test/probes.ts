import type { TestDatabase } from '@holdfast/db/testing';
import { expect } from 'vitest';
import { configurePayments } from '../src/payments/settings.ts';
import { TestPaymentProvider, testCards } from '../src/payments/test-provider.ts';
import type { Caller } from './access-table.ts';
import { type Account, signedInAccount, testAccounts, uniqueEmail } from './account-support.ts';
import { newCaller, stockedProduct } from './support.ts';

type Api = ReturnType<typeof newCaller>['api'];

export interface Probe {
  call(who: Caller): Promise<unknown>;
  /** The same call on something that does not exist: a NOT_FOUND cell must look exactly like it. */
  missing?(): Promise<unknown>;
}

let made = 0;
const unique = (prefix: string) => `${prefix}-${++made}-${Date.now().toString(36)}`;

/**
 * One call of every procedure of the router, as any of the callers of the access table, each
 * on things made fresh for it (customer A's cart, order, ...) so no call depends on another.
 */
export async function procedureProbes(t: TestDatabase): Promise<Record<string, Probe>> {
  testAccounts(t);
  // checkout.pay and admin.refund reach a provider
  configurePayments(t.db, { provider: new TestPaymentProvider() });
  const accounts: Record<Exclude<Caller, 'anonymous'>, Account> = {
    owner: await signedInAccount(t, 'access-a'),
    otherCustomer: await signedInAccount(t, 'access-b'),
    admin: await signedInAccount(t, 'access-admin', { admin: true }),
  };
  const fixture = await stockedProduct(t, [{ priceCents: 1000, stock: 100_000 }]);
  const product = fixture.product;
  const variant = fixture.variants[0] ?? { id: 0, sku: '' };

  function callerAs(who: Caller): Api {
    return who === 'anonymous' ? newCaller(t, { clientIp: '10.20.0.1' }).api : accounts[who].as().api;
  }

  /** A session of its own, for calls that end or replace the session they come with. */
  async function freshCallerAs(who: Caller): Promise<Api> {
    if (who === 'anonymous') return callerAs(who);
    const account = accounts[who];
    const { token } = await newCaller(t, { clientIp: '10.20.0.2' }).api.account.login(account);
    return newCaller(t, { sessionToken: token, clientIp: '10.20.0.3' }).api;
  }

  /** Things customer A owns, made fresh for each cell so no cell depends on another. */
  const ownedByA = {
    async cart(): Promise<string> {
      const { api } = accounts.owner.as();
      const { token } = await api.cart.create();
      await api.cart.setItem({ token, variantId: variant.id, quantity: 1 });
      return token;
    },
    async order(): Promise<{ number: string; email: string }> {
      const token = await ownedByA.cart();
      const order = await accounts.owner.as().api.checkout.placeOrder({
        cartToken: token,
        email: accounts.owner.email,
        expectedTotal: 1000,
        idempotencyKey: unique('access-order'),
      });
      return { number: order.number, email: accounts.owner.email };
    },
  };

  const card = {
    number: testCards.succeeds,
    expMonth: 12,
    expYear: new Date().getUTCFullYear() + 3,
    cvc: '123',
  };

  const missingCart = 'm'.repeat(32);
  const missingOrder = { number: 'HF-0000000000000000', email: 'nobody@example.com' };

  return {
    'catalog.categories': { call: (who) => callerAs(who).catalog.categories() },
    'catalog.products': { call: (who) => callerAs(who).catalog.products({}) },
    'catalog.product': { call: (who) => callerAs(who).catalog.product({ slug: product.slug }) },
    'cart.create': { call: (who) => callerAs(who).cart.create() },
    'cart.get': {
      call: async (who) => callerAs(who).cart.get({ token: await ownedByA.cart() }),
      missing: () => callerAs('otherCustomer').cart.get({ token: missingCart }),
    },
    'cart.setItem': {
      call: async (who) =>
        callerAs(who).cart.setItem({ token: await ownedByA.cart(), variantId: variant.id, quantity: 2 }),
      missing: () =>
        callerAs('otherCustomer').cart.setItem({ token: missingCart, variantId: variant.id, quantity: 2 }),
    },
    'checkout.placeOrder': {
      call: async (who) =>
        callerAs(who).checkout.placeOrder({
          cartToken: await ownedByA.cart(),
          email: accounts.owner.email,
          expectedTotal: 1000,
          idempotencyKey: unique('access-place'),
        }),
      missing: () =>
        callerAs('otherCustomer').checkout.placeOrder({
          cartToken: missingCart,
          email: accounts.owner.email,
          expectedTotal: 1000,
          idempotencyKey: unique('access-place'),
        }),
    },
    'checkout.pay': {
      call: async (who) => {
        const order = await ownedByA.order();
        return callerAs(who).checkout.pay({
          orderNumber: order.number,
          email: order.email,
          card,
          idempotencyKey: unique('pay'),
        });
      },
      missing: () =>
        callerAs('otherCustomer').checkout.pay({
          orderNumber: missingOrder.number,
          email: missingOrder.email,
          card,
          idempotencyKey: unique('pay'),
        }),
    },
    'orders.get': {
      call: async (who) => callerAs(who).orders.get(await ownedByA.order()),
      missing: () => callerAs('otherCustomer').orders.get(missingOrder),
    },
    'orders.cancel': {
      call: async (who) => callerAs(who).orders.cancel(await ownedByA.order()),
      missing: () => callerAs('otherCustomer').orders.cancel(missingOrder),
    },
    'orders.mine': {
      call: async (who) => {
        const order = await ownedByA.order();
        const mine = await callerAs(who).orders.mine();
        if (who !== 'owner') expect(mine.items.map((listed) => listed.number)).not.toContain(order.number);
        else expect(mine.items[0]?.number).toBe(order.number);
        return mine;
      },
    },
    'account.register': {
      // a sign-up replaces the session it comes with: a session of its own keeps the caller's
      call: async (who) =>
        (await freshCallerAs(who)).account.register({
          email: uniqueEmail('access-new'),
          password: 'a fine password',
        }),
    },
    'account.login': {
      call: async (who) => (await freshCallerAs(who)).account.login(accounts.otherCustomer),
    },
    'account.logout': { call: async (who) => (await freshCallerAs(who)).account.logout() },
    'account.me': { call: (who) => callerAs(who).account.me() },
    'admin.createProduct': {
      call: (who) =>
        callerAs(who).admin.createProduct({
          slug: unique('access-product'),
          name: 'Access product',
          description: 'made by the access table',
          categorySlug: 'fixtures',
          variants: [{ sku: unique('ACCESS'), name: 'One', priceCents: 100, stock: 1 }],
        }),
    },
    'admin.updateProduct': {
      call: (who) =>
        callerAs(who).admin.updateProduct({ productId: product.id, description: unique('described') }),
    },
    'admin.createVariant': {
      call: (who) =>
        callerAs(who).admin.createVariant({
          productId: product.id,
          sku: unique('ACCESS-V'),
          name: 'Extra',
          priceCents: 2000,
        }),
    },
    'admin.setPrice': {
      call: (who) => callerAs(who).admin.setPrice({ variantId: variant.id, priceCents: 1000 }),
    },
    'admin.adjustStock': {
      call: (who) =>
        callerAs(who).admin.adjustStock({ variantId: variant.id, delta: 1, note: 'access table' }),
    },
    'admin.listOrders': { call: (who) => callerAs(who).admin.listOrders() },
    'admin.refund': {
      call: async (who) => {
        const order = await ownedByA.order();
        await accounts.owner.as().api.checkout.pay({
          orderNumber: order.number,
          email: order.email,
          card,
          idempotencyKey: unique('refund-pay'),
        });
        return callerAs(who).admin.refund({ orderNumber: order.number });
      },
    },
  };
}
