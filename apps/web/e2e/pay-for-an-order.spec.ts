import type { Page } from '@playwright/test';
import { confirmedOrderNumber, expect, test } from './fixtures.ts';

async function placeOrderFor(page: Page, slug: string, email: string): Promise<string> {
  await page.goto(`/products/${slug}`);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByRole('link', { name: 'Cart (1)' })).toBeVisible();
  await page.goto('/checkout');
  await page.getByLabel('Email for the receipt').fill(email);
  await page.getByRole('button', { name: /^Place order/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Thank you for your order' })).toBeVisible();
  return confirmedOrderNumber(page);
}

async function payWith(page: Page, cardNumber: string): Promise<void> {
  await page.getByLabel('Card number').fill(cardNumber);
  await page.getByLabel('CVC').fill('123');
  await page.getByRole('button', { name: /^Pay \$/ }).click();
}

test('an approved card pays the order', async ({ page, shop, saveScreenshot }) => {
  const lamp = await shop.createProduct('Lamp', [{ name: 'Standard', priceCents: 4200, stock: 5 }]);
  const number = await placeOrderFor(page, lamp.slug, 'payer@example.com');
  await saveScreenshot('payment-form');

  await payWith(page, '4242 4242 4242 4242');

  await expect(page.locator('.status-badge')).toHaveText('Paid');
  await expect(page.getByLabel('Card number')).toHaveCount(0);
  await saveScreenshot('paid-confirmation');
  expect(await shop.order(number)).toMatchObject({ status: 'paid', total_cents: 4200 });
});

test('a declined card says so, and the stock is back on sale', async ({ page, shop, saveScreenshot }) => {
  const mug = await shop.createProduct('Mug', [{ name: 'Standard', priceCents: 900, stock: 3 }]);
  const [variant] = mug.variants;
  if (!variant) throw new Error('the mug has a variant');
  const number = await placeOrderFor(page, mug.slug, 'declined@example.com');
  expect(await shop.stock(variant.id)).toEqual({ onHand: 2, ledger: 2 });

  await payWith(page, '4000 0000 0000 0002');

  // the order now shows as closed, with the form (and its own error) replaced by the page's notice
  await expect(page.locator('.status-badge')).toHaveText('Payment failed');
  await expect(page.getByRole('alert').filter({ hasText: 'The payment was declined' })).toBeVisible();
  await saveScreenshot('payment-declined');
  expect(await shop.order(number)).toMatchObject({ status: 'payment_failed' });
  expect(await shop.stock(variant.id)).toEqual({ onHand: 3, ledger: 3 });
});
