import { confirmedOrderNumber, expect, test } from './fixtures.ts';

test('search, pick a variant, change the cart, check out, and find the order again', async ({
  page,
  shop,
  saveScreenshot,
}) => {
  const lantern = await shop.createProduct('Lantern', [
    { name: 'Small', priceCents: 2450, stock: 10 },
    { name: 'Large', priceCents: 3999, stock: 10 },
  ]);
  const large = lantern.variants[1];
  if (!large) throw new Error('the lantern has two variants');
  const products = page.getByRole('list', { name: 'Products' }).getByRole('listitem');

  await page.goto('/');
  await expect(products.first()).toBeVisible();
  await saveScreenshot('catalog');

  await page.getByLabel('Search products').fill(lantern.searchWord);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Results for “${lantern.searchWord}”`);
  await expect(products).toHaveCount(1);
  await expect(products.first()).toContainText('from $24.50');
  await products.getByRole('link', { name: lantern.name }).click();

  await expect(page.getByRole('heading', { level: 1, name: lantern.name })).toBeVisible();
  await page.getByRole('radio', { name: /Large/ }).check();
  await page.getByLabel('Quantity', { exact: true }).fill('2');
  await saveScreenshot('product');
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByText(`Added 2 × ${lantern.name} (Large) to your cart.`)).toBeVisible();
  await page.getByRole('radio', { name: /Small/ }).check();
  await page.getByLabel('Quantity', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByRole('link', { name: 'Cart (3)' })).toBeVisible();

  await page.getByRole('link', { name: 'View cart' }).click();
  await page.getByRole('button', { name: `Remove ${lantern.name}, Small` }).click();
  await expect(page.getByRole('link', { name: 'Cart (2)' })).toBeVisible();
  const lineLabel = `${lantern.name}, Large`;
  await page.getByRole('button', { name: `One more ${lineLabel}` }).click();
  await expect(page.getByLabel(`Quantity of ${lineLabel}`)).toHaveValue('3');
  await expect(page.locator('.cart-summary')).toContainText('$119.97');
  await page.getByRole('button', { name: `One fewer ${lineLabel}` }).click();
  await expect(page.getByLabel(`Quantity of ${lineLabel}`)).toHaveValue('2');
  await expect(page.locator('.cart-summary')).toContainText('$79.98');
  await saveScreenshot('cart');
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot('cart-phone');
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.getByRole('link', { name: 'Go to checkout' }).click();
  await expect(page.getByTestId('expected-total')).toHaveText('$79.98');
  await page.getByLabel('Email for the receipt').fill('Buyer@Example.com');
  await saveScreenshot('checkout');
  await page.getByRole('button', { name: 'Place order · $79.98' }).click();

  await expect(
    page.getByRole('heading', { level: 1, name: 'Order placed — awaiting payment' }),
  ).toBeVisible();
  const number = await confirmedOrderNumber(page);
  await expect(page.getByRole('table', { name: 'What you ordered' })).toContainText('$79.98');
  await expect(page.getByRole('link', { name: 'Cart', exact: true })).toBeVisible();
  await saveScreenshot('confirmation');

  expect(await shop.order(number)).toMatchObject({
    email: 'buyer@example.com',
    status: 'awaiting_payment',
    total_cents: 7998,
    lines: [{ sku: large.sku, quantity: 2, unit_price_cents: 3999 }],
  });
  expect(await shop.stock(large.id)).toEqual({ onHand: 8, ledger: 8 });

  await page.getByRole('link', { name: 'Find an order' }).click();
  await page.getByLabel('Order number').fill(number);
  await page.getByLabel('Email').fill('buyer@example.com');
  await page.getByRole('button', { name: 'Find order' }).click();
  await expect(page.locator('.order-number')).toHaveText(number);
  await expect(page.getByText('Status: Awaiting payment')).toBeVisible();
  await saveScreenshot('order-lookup');
});
