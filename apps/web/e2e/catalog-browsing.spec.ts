import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures.ts';

async function priceOf(card: Locator): Promise<number> {
  const text = await card.locator('.price').textContent();
  return Number(text?.replace(/[^0-9.]/g, ''));
}

test('category, in-stock filter and price sort narrow the catalog and live in the URL', async ({ page }) => {
  const products = page.getByRole('list', { name: 'Products' }).getByRole('listitem');
  await page.goto('/');
  await expect(products.first()).toBeVisible();

  await page.getByLabel('Category').selectOption({ label: 'Lighting' });
  await page.getByLabel('In stock only').check();
  await page.getByLabel('Sort by').selectOption({ label: 'Price: low to high' });
  await expect(page).toHaveURL(/category=lighting/);
  await expect(page).toHaveURL(/inStock=1/);
  await expect(page).toHaveURL(/sort=price_asc/);

  await expect(products.first()).toContainText('Lighting');
  const cards = await products.all();
  expect(cards.length).toBeGreaterThan(1);
  const prices = await Promise.all(cards.map(priceOf));
  expect(prices).toEqual(prices.toSorted((a, b) => a - b));
  for (const card of cards) {
    await expect(card).toContainText('Lighting');
    await expect(card).toContainText('In stock');
  }

  await page.reload();
  await expect(page.getByLabel('Category')).toHaveValue('lighting');
  await expect(page.getByLabel('In stock only')).toBeChecked();
});

test('scrolling to the end of the list loads the next page', async ({ page }) => {
  const products = page.getByRole('list', { name: 'Products' }).getByRole('listitem');
  await page.goto('/?sort=price_desc');
  await expect(products.first()).toBeVisible();
  const firstPage = await products.count();
  expect(firstPage).toBeGreaterThanOrEqual(24);

  await page.getByRole('button', { name: 'Load more products' }).scrollIntoViewIfNeeded();
  await expect.poll(() => products.count()).toBeGreaterThan(firstPage);
  const prices = await Promise.all((await products.all()).map(priceOf));
  expect(prices).toEqual(prices.toSorted((a, b) => b - a));
  expect(new Set(await products.getByRole('link').allInnerTexts()).size).toBe(prices.length);
});

test('without IntersectionObserver the Load more button still pages through', async ({ page }) => {
  await page.addInitScript(() => {
    Reflect.deleteProperty(window, 'IntersectionObserver');
  });
  const products = page.getByRole('list', { name: 'Products' }).getByRole('listitem');
  await page.goto('/');
  await expect(products).toHaveCount(24);
  await page.getByRole('button', { name: 'Load more products' }).click();
  await expect(products).toHaveCount(48);
  await page.getByRole('button', { name: 'Load more products' }).press('Enter');
  await expect(products).toHaveCount(72);
});
