import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, signedInAccount, testAccounts } from '../../test/account-support.ts';
import { newCaller, refusal, stockedProduct, withReplayPaused } from '../../test/support.ts';

let t: TestDatabase;
let alice: Account;
let bob: Account;
beforeAll(async () => {
  t = await createTestDatabase();
  testAccounts(t);
  alice = await signedInAccount(t, 'alice');
  bob = await signedInAccount(t, 'bob');
});
afterAll(() => t.drop());

async function cartOwner(token: string) {
  const [row] = await t.sql<{ customer_id: number | null }>(
    'primary',
    'select customer_id from cart where token = $1',
    [token],
  );
  return row?.customer_id;
}

async function cartLines(token: string) {
  return t.sql<{ variant_id: number; quantity: number }>(
    'primary',
    `select i.variant_id, i.quantity from cart_item i join cart c on c.id = i.cart_id
      where c.token = $1 order by i.variant_id`,
    [token],
  );
}

describe("a customer's cart", () => {
  it('cart.create while signed in makes the cart theirs; nobody else learns it exists', async () => {
    const { variants } = await stockedProduct(t, [{ priceCents: 500, stock: 5 }]);
    const variantId = variants[0]?.id ?? 0;
    const { api } = alice.as();
    const { token } = await api.cart.create();
    expect(await cartOwner(token)).toBe(alice.customerId);
    await api.cart.setItem({ token, variantId, quantity: 2 });

    const unknown = await refusal(bob.as().api.cart.get({ token: 'u'.repeat(32) }));
    for (const caller of [bob.as().api, newCaller(t).api]) {
      const probes = [
        () => caller.cart.get({ token }),
        () => caller.cart.setItem({ token, variantId, quantity: 1 }),
        () =>
          caller.checkout.placeOrder({
            cartToken: token,
            email: 'x@example.com',
            expectedTotal: 1000,
            idempotencyKey: 'probe-order-1',
          }),
      ];
      for (const probe of probes) {
        const refused = await refusal(probe());
        expect(refused.code).toBe('NOT_FOUND');
        expect(refused.message).toBe(unknown.message);
      }
    }
    expect(await cartLines(token)).toEqual([{ variant_id: variantId, quantity: 2 }]);
  });

  it("a guest cart merges into the customer's cart at login: quantities summed, capped at stock", async () => {
    const { variants } = await stockedProduct(t, [
      { priceCents: 100, stock: 10 },
      { priceCents: 200, stock: 4 },
      { priceCents: 300, stock: 9 },
    ]);
    const [plenty, scarce, guestOnly] = variants.map((variant) => variant.id) as [number, number, number];
    const carol = await signedInAccount(t, 'carol');
    const { token: own } = await carol.as().api.cart.create();
    await carol.as().api.cart.setItem({ token: own, variantId: plenty, quantity: 3 });
    await carol.as().api.cart.setItem({ token: own, variantId: scarce, quantity: 3 });

    const guest = newCaller(t).api;
    const { token: guestToken } = await guest.cart.create();
    await guest.cart.setItem({ token: guestToken, variantId: plenty, quantity: 4 });
    await guest.cart.setItem({ token: guestToken, variantId: scarce, quantity: 3 });
    await guest.cart.setItem({ token: guestToken, variantId: guestOnly, quantity: 2 });

    const signedIn = await guest.account.login({
      email: carol.email,
      password: carol.password,
      cartToken: guestToken,
    });
    expect(signedIn.cartToken).toBe(own);
    expect(await cartLines(own)).toEqual([
      { variant_id: plenty, quantity: 7 },
      { variant_id: scarce, quantity: 4 },
      { variant_id: guestOnly, quantity: 2 },
    ]);
    expect(await t.sql('primary', 'select 1 from cart where token = $1', [guestToken])).toEqual([]);
    expect((await refusal(guest.cart.get({ token: guestToken }))).code).toBe('NOT_FOUND');
  });

  it('a customer without a cart keeps the guest cart; another customer’s cart token is ignored', async () => {
    const { variants } = await stockedProduct(t, [{ priceCents: 100, stock: 10 }]);
    const variantId = variants[0]?.id ?? 0;
    const dave = await signedInAccount(t, 'dave');
    const guest = newCaller(t).api;
    const { token: guestToken } = await guest.cart.create();
    await guest.cart.setItem({ token: guestToken, variantId, quantity: 1 });
    const signedIn = await guest.account.login({
      email: dave.email,
      password: dave.password,
      cartToken: guestToken,
    });
    expect(signedIn.cartToken).toBe(guestToken);
    expect(await cartOwner(guestToken)).toBe(dave.customerId);

    const { token: alicesCart } = await alice.as().api.cart.create();
    await alice.as().api.cart.setItem({ token: alicesCart, variantId, quantity: 1 });
    const bobSignsIn = await newCaller(t).api.account.login({
      email: bob.email,
      password: bob.password,
      cartToken: alicesCart,
    });
    expect(bobSignsIn.cartToken).toBeNull();
    expect(await cartOwner(alicesCart)).toBe(alice.customerId);
    expect(await cartLines(alicesCart)).toEqual([{ variant_id: variantId, quantity: 1 }]);
  });
});

describe("a customer's orders", () => {
  it('an order placed while signed in is theirs: orders.mine lists it newest first (from the primary), orders.get hides it from others', async () => {
    const { variants } = await stockedProduct(t, [{ priceCents: 700, stock: 20 }]);
    const variantId = variants[0]?.id ?? 0;
    const erin = await signedInAccount(t, 'erin');
    const placed: string[] = [];
    await withReplayPaused(t, async () => {
      for (let index = 0; index < 3; index++) {
        const { api } = erin.as();
        const { token } = await api.cart.create();
        await api.cart.setItem({ token, variantId, quantity: index + 1 });
        const order = await api.checkout.placeOrder({
          cartToken: token,
          email: erin.email,
          expectedTotal: 700 * (index + 1),
          idempotencyKey: `erin-order-${index}`,
        });
        placed.push(order.number);
      }
      // replay is paused: only the primary has these orders
      const mine = await erin.as().api.orders.mine();
      expect(mine.items.map((order) => order.number)).toEqual([...placed].reverse());
      expect(mine.items[0]).toMatchObject({
        email: erin.email,
        customerId: erin.customerId,
        totalCents: 2100,
      });
    });
    const [owners] = await t.sql<{ owners: number[] }>(
      'primary',
      'select array_agg(distinct customer_id) as owners from orders where number = any($1)',
      [placed],
    );
    expect(owners?.owners).toEqual([erin.customerId]);

    const firstPage = await erin.as().api.orders.mine({ limit: 2 });
    expect(firstPage.items.map((order) => order.number)).toEqual([placed[2], placed[1]]);
    const secondPage = await erin
      .as()
      .api.orders.mine({ limit: 2, cursor: firstPage.nextCursor ?? undefined });
    expect(secondPage).toMatchObject({ items: [{ number: placed[0] }], nextCursor: null });

    expect((await bob.as().api.orders.mine()).items.map((order) => order.number)).not.toContain(placed[0]);
    const lookup = { number: placed[0] ?? '', email: erin.email };
    expect(await erin.as().api.orders.get(lookup)).toMatchObject({ number: placed[0] });
    const missing = await refusal(
      erin.as().api.orders.get({ number: 'HF-0000000000000000', email: erin.email }),
    );
    for (const caller of [bob.as().api, newCaller(t).api]) {
      const refused = await refusal(caller.orders.get(lookup));
      expect(refused.code).toBe('NOT_FOUND');
      expect(refused.message).toBe(missing.message);
    }
  });

  it('a guest still checks out by email; the order has no customer and anyone with its number and email finds it', async () => {
    const { variants } = await stockedProduct(t, [{ priceCents: 300, stock: 5 }]);
    const guest = newCaller(t).api;
    const { token } = await guest.cart.create();
    await guest.cart.setItem({ token, variantId: variants[0]?.id ?? 0, quantity: 1 });
    const order = await guest.checkout.placeOrder({
      cartToken: token,
      email: 'guest@example.com',
      expectedTotal: 300,
      idempotencyKey: 'guest-order-1',
    });
    const [row] = await t.sql<{ customer_id: number | null }>(
      'primary',
      'select customer_id from orders where number = $1',
      [order.number],
    );
    expect(row?.customer_id).toBeNull();
    expect(
      await alice.as().api.orders.get({ number: order.number, email: 'guest@example.com' }),
    ).toMatchObject({
      number: order.number,
    });
  });

  it('orders.mine without a live session is UNAUTHORIZED', async () => {
    expect((await refusal(newCaller(t).api.orders.mine())).code).toBe('UNAUTHORIZED');
  });
});
