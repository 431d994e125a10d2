import { confirmedOrderNumber, expect, test } from './fixtures.ts';

test('a price rise while the item is in the cart: old and new total shown, the order goes through at the new one', async ({
  page,
  shop,
  saveScreenshot,
}) => {
  const kettle = await shop.createProduct('Kettle', [{ name: 'Standard', priceCents: 2500, stock: 10 }]);
  const [variant] = kettle.variants;
  if (!variant) throw new Error('the kettle has a variant');

  await page.goto(`/products/${kettle.slug}`);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByRole('link', { name: 'Cart (1)' })).toBeVisible();
  await page.goto('/checkout');
  await expect(page.getByTestId('expected-total')).toHaveText('$25.00');

  await shop.setPrice(variant.id, 3000);
  await page.getByLabel('Email for the receipt').fill('price-watcher@example.com');
  await page.getByRole('button', { name: 'Place order · $25.00' }).click();

  const notice = page.getByRole('alert').filter({ hasText: 'The price changed' });
  await expect(notice).toContainText('Your total was $25.00 and is now $30.00');
  await expect(page.getByTestId('expected-total')).toHaveText('$30.00');
  await saveScreenshot('checkout-price-changed');
  await page.getByRole('button', { name: 'Confirm new total and place order · $30.00' }).click();

  await expect(
    page.getByRole('heading', { level: 1, name: 'Order placed — awaiting payment' }),
  ).toBeVisible();
  const number = await confirmedOrderNumber(page);
  expect(await shop.order(number)).toMatchObject({ total_cents: 3000, lines: [{ unit_price_cents: 3000 }] });
});
