import { confirmedOrderNumber, expect, test } from './fixtures.ts';

test('create an account, order while signed in, find it under My orders; signing out hides it', async ({
  page,
  shop,
  saveScreenshot,
}) => {
  const vase = await shop.createProduct('Vase', [{ name: 'Standard', priceCents: 3100, stock: 4 }]);
  const email = `shopper-${Date.now()}@example.com`;

  await page.goto('/account/sign-in');
  await saveScreenshot('sign-in');
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My orders' })).toBeVisible();
  await expect(page.getByText('No orders yet.')).toBeVisible();

  await page.goto(`/products/${vase.slug}`);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByRole('link', { name: 'Cart (1)' })).toBeVisible();
  await page.goto('/checkout');
  await page.getByLabel('Email for the receipt').fill(email);
  await page.getByRole('button', { name: /^Place order/ }).click();
  const number = await confirmedOrderNumber(page);

  await page.getByRole('link', { name: 'My orders' }).click();
  await expect(page.getByRole('link', { name: number })).toBeVisible();
  await saveScreenshot('my-orders');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.goto('/account/orders');
  await expect(page.getByRole('link', { name: number })).toHaveCount(0);
  // the order belongs to the account: its number and email alone no longer open it
  await page.goto('/orders');
  await page.getByLabel('Order number').fill(number);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: /find/i }).click();
  await expect(page.getByRole('alert')).toContainText('We found no order');
});
