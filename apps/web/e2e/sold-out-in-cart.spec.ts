import { confirmedOrderNumber, expect, test } from './fixtures.ts';

test('stock runs out while items are in the cart: each is named with what is left, and reducing lets the order through', async ({
  page,
  shop,
  saveScreenshot,
}) => {
  const scarf = await shop.createProduct('Scarf', [
    { name: 'Red', priceCents: 1800, stock: 3 },
    { name: 'Blue', priceCents: 1800, stock: 5 },
  ]);
  const [red, blue] = scarf.variants;
  if (!red || !blue) throw new Error('the scarf has two variants');

  await page.goto(`/products/${scarf.slug}`);
  for (const colour of ['Red', 'Blue']) {
    await page.getByRole('radio', { name: new RegExp(colour) }).check();
    await page.getByLabel('Quantity', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect(page.getByText(`Added 2 × ${scarf.name} (${colour}) to your cart.`)).toBeVisible();
  }
  await page.goto('/checkout');
  await expect(page.getByTestId('expected-total')).toHaveText('$72.00');

  await shop.setStock(red.id, 0);
  await shop.setStock(blue.id, 1);
  await page.getByLabel('Email for the receipt').fill('late-buyer@example.com');
  await page.getByRole('button', { name: 'Place order · $72.00' }).click();

  const notice = page.getByRole('alert').filter({ hasText: 'Not enough stock' });
  await expect(notice).toContainText(`${scarf.name} (Red): sold out; you asked for 2.`);
  await expect(notice).toContainText(`${scarf.name} (Blue): only 1 available; you asked for 2.`);
  await saveScreenshot('checkout-sold-out');

  await notice.getByRole('button', { name: `Remove ${scarf.name} (Red) from the cart` }).click();
  await expect(page.getByTestId('expected-total')).toHaveText('$36.00');
  await expect(notice).not.toContainText('(Red)');
  await notice.getByRole('button', { name: 'Reduce to 1' }).click();
  await expect(notice).toBeHidden();
  await expect(page.getByTestId('expected-total')).toHaveText('$18.00');
  await page.getByRole('button', { name: 'Place order · $18.00' }).click();

  await expect(
    page.getByRole('heading', { level: 1, name: 'Order placed — awaiting payment' }),
  ).toBeVisible();
  const number = await confirmedOrderNumber(page);
  expect(await shop.order(number)).toMatchObject({
    total_cents: 1800,
    lines: [{ sku: blue.sku, quantity: 1 }],
  });
  expect(await shop.stock(red.id)).toEqual({ onHand: 0, ledger: 0 });
  expect(await shop.stock(blue.id)).toEqual({ onHand: 0, ledger: 0 });
});

test('stock fell below the cart: each line says what is left and fixes it in one click, and links to its product', async ({
  page,
  shop,
  saveScreenshot,
}) => {
  const candle = await shop.createProduct('Candle', [
    { name: 'Tall', priceCents: 1400, stock: 5 },
    { name: 'Short', priceCents: 900, stock: 5 },
  ]);
  const [tall, short] = candle.variants;
  if (!tall || !short) throw new Error('the candle has two variants');

  await page.goto(`/products/${candle.slug}`);
  for (const [variant, quantity] of [
    ['Tall', '3'],
    ['Short', '2'],
  ] as const) {
    await page.getByRole('radio', { name: new RegExp(variant) }).check();
    await page.getByLabel('Quantity', { exact: true }).fill(quantity);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect(
      page.getByText(`Added ${quantity} × ${candle.name} (${variant}) to your cart.`),
    ).toBeVisible();
  }
  // other buyers got there first
  await shop.setStock(tall.id, 1);
  await shop.setStock(short.id, 0);

  await page.goto('/cart');
  const tallLine = page.getByRole('listitem').filter({ hasText: 'Tall' });
  const shortLine = page.getByRole('listitem').filter({ hasText: 'Short' });
  await expect(tallLine).toContainText('Only 1 available; you have 3 in your cart.');
  await expect(shortLine).toContainText('Sold out since you added it.');
  await saveScreenshot('cart-stock-warning');

  await tallLine.getByRole('button', { name: `Reduce to 1: ${candle.name}, Tall` }).click();
  await expect(page.getByLabel(`Quantity of ${candle.name}, Tall`)).toHaveValue('1');
  await expect(tallLine).not.toContainText('available');
  await shortLine.getByRole('button', { name: `Remove from cart: ${candle.name}, Short` }).click();
  await expect(shortLine).toHaveCount(0);
  await expect(page.locator('.cart-summary')).toContainText('$14.00');

  await tallLine.getByRole('link', { name: candle.name }).click();
  await expect(page.getByRole('heading', { level: 1, name: candle.name })).toBeVisible();
});
