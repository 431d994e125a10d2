import type { Page } from '@playwright/test';
import { confirmedOrderNumber, expect, idempotencyKeyOf, test } from './fixtures.ts';

const placeOrderPath = '/trpc/checkout.placeOrder';

async function fillCartAndOpenCheckout(page: Page, slug: string) {
  await page.goto(`/products/${slug}`);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByRole('link', { name: 'Cart (1)' })).toBeVisible();
  await page.goto('/checkout');
  await page.getByLabel('Email for the receipt').fill('retry@example.com');
}

test('service unavailable: nothing was charged, and Try again resends the same attempt', async ({
  page,
  shop,
  saveScreenshot,
}) => {
  const mug = await shop.createProduct('Mug', [{ name: 'Standard', priceCents: 1200, stock: 5 }]);
  await fillCartAndOpenCheckout(page, mug.slug);

  const keys: string[] = [];
  // the first call meets a primary that is down; the server's own answer for that case, sent from here
  await page.route(`**${placeOrderPath}**`, async (route) => {
    keys.push(idempotencyKeyOf(route.request()));
    if (keys.length > 1) return route.continue();
    const error = {
      message: 'The database is unavailable; nothing was written. Try again shortly.',
      code: -32603,
      data: {
        code: 'SERVICE_UNAVAILABLE',
        httpStatus: 503,
        path: 'checkout.placeOrder',
        zodError: null,
        details: { reason: 'PRIMARY_UNAVAILABLE' },
      },
    };
    return route.fulfill({
      status: 503,
      contentType: 'application/json',
      json: { error: { json: error } },
    });
  });
  await page.getByRole('button', { name: 'Place order · $12.00' }).click();

  await expect(page.getByRole('alert')).toContainText('Nothing was charged and nothing was saved');
  await saveScreenshot('checkout-service-unavailable');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Order placed — awaiting payment' }),
  ).toBeVisible();
  expect(keys).toHaveLength(2);
  expect(keys[1]).toBe(keys[0]);
});

test('a lost response, then a reload: the same attempt is sent again and the order exists once', async ({
  page,
  shop,
  saveScreenshot,
}) => {
  const bowl = await shop.createProduct('Bowl', [{ name: 'Standard', priceCents: 1500, stock: 5 }]);
  const [variant] = bowl.variants;
  if (!variant) throw new Error('the bowl has a variant');
  await fillCartAndOpenCheckout(page, bowl.slug);

  const keys: string[] = [];
  // the order reaches the server and is placed, but the answer never arrives
  await page.route(`**${placeOrderPath}**`, async (route) => {
    keys.push(idempotencyKeyOf(route.request()));
    if (keys.length > 1) return route.continue();
    await route.fetch();
    return route.abort('connectionreset');
  });
  await page.getByRole('button', { name: 'Place order · $15.00' }).click();
  await expect(page.getByRole('alert')).toContainText('we cannot tell whether your order went through');

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Your last order got no answer' })).toBeVisible();
  await saveScreenshot('checkout-unanswered-attempt');
  await page.getByRole('button', { name: 'Show my order' }).click();

  await expect(
    page.getByRole('heading', { level: 1, name: 'Order placed — awaiting payment' }),
  ).toBeVisible();
  expect(keys).toHaveLength(2);
  expect(keys[1]).toBe(keys[0]);
  const number = await confirmedOrderNumber(page);
  expect(await shop.order(number)).toMatchObject({ total_cents: 1500 });
  // one order, one decrement: the second call was answered with the order the first one placed
  expect(await shop.stock(variant.id)).toEqual({ onHand: 4, ledger: 4 });
});
