import { expect, test } from './fixtures.ts';

test('the tRPC panel at /panel runs catalog.products from the browser', async ({
  page,
  shop,
  saveScreenshot,
}) => {
  const stool = await shop.createProduct('Stool', [{ name: 'Oak', priceCents: 8900, stock: 4 }]);

  await page.goto('/panel');
  await page.getByText('catalog', { exact: true }).last().click();
  await page.getByText('products', { exact: true }).last().click();
  await page.getByPlaceholder('Enter value for q', { exact: true }).fill(stool.searchWord);
  const response = page.waitForResponse((r) => new URL(r.url()).pathname === '/trpc/catalog.products');
  await page.getByRole('button', { name: 'Execute products' }).click();

  expect((await response).status()).toBe(200);
  await expect(page.getByText(`"${stool.slug}"`)).toBeVisible();
  await expect(page.getByText('nextCursor')).toBeVisible();
  await saveScreenshot('panel');
});
