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

  await expect(page.getByRole('heading', { level: 1, name: 'Thank you for your order' })).toBeVisible();
  const number = await confirmedOrderNumber(page);
  expect(await shop.order(number)).toMatchObject({
    total_cents: 1800,
    lines: [{ sku: blue.sku, quantity: 1 }],
  });
  expect(await shop.stock(red.id)).toEqual({ onHand: 0, ledger: 0 });
  expect(await shop.stock(blue.id)).toEqual({ onHand: 0, ledger: 0 });
});

test('the cart warns about a line that sold out since it was added, before checkout refuses it', async ({
  page,
  shop,
  saveScreenshot,
}) => {
  const cap = await shop.createProduct('Cap', [{ name: 'Standard', priceCents: 1500, stock: 5 }]);
  const [variant] = cap.variants;
  if (!variant) throw new Error('the cap has a variant');
  await page.goto(`/products/${cap.slug}`);
  await page.getByLabel('Quantity', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByText(`Added 3 × ${cap.name} (Standard) to your cart.`)).toBeVisible();

  await shop.setStock(variant.id, 2);
  await page.goto('/cart');
  const warning = page.getByRole('alert').filter({ hasText: 'Only 2 left, you have 3.' });
  await expect(warning).toBeVisible();
  await expect(page.getByRole('link', { name: cap.name })).toHaveAttribute('href', `/products/${cap.slug}`);
  await saveScreenshot('cart-shortage');
  await warning.getByRole('button', { name: 'Reduce to 2' }).click();
  await expect(warning).toBeHidden();
  await expect(page.getByRole('spinbutton', { name: /quantity/i })).toHaveValue('2');
});
