import { addToCart, expect, fillCard, idempotencyKeyOf, placeOrder, test } from './fixtures.ts';

// the built-in test provider's cards (README, "Payments and the order lifecycle")
const approved = '4242 4242 4242 4242';
const declined = '4000 0000 0000 0002';
const providerError = '4000 0000 0000 9995';

test('an approved card pays the order: "Paid" on the page and in the database', async ({
  page,
  shop,
  saveScreenshot,
}) => {
  const lamp = await shop.createProduct('Lamp', [{ name: 'Brass', priceCents: 4200, stock: 5 }]);
  const [variant] = lamp.variants;
  if (!variant) throw new Error('the lamp has a variant');
  await addToCart(page, lamp.slug);
  const number = await placeOrder(page, 'payer@example.com');

  await expect(page.getByRole('heading', { name: 'Pay by card' })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Test cards' })).toContainText('4242 4242 4242 4242');
  await fillCard(page, approved);
  // the form says what is wrong beside the field, and takes an expiry typed without its slash
  await page.getByLabel('Expiry (MM/YY)').fill('1334');
  await page.getByRole('button', { name: 'Pay $42.00' }).click();
  await expect(page.getByRole('alert')).toHaveText('Enter the expiry as month and year, for example 08/29.');
  await page.getByLabel('Expiry (MM/YY)').fill('0134');
  // typed without spaces, the number is grouped as it is on the card
  await page.getByLabel('Card number').fill('4242424242424242');
  await expect(page.getByLabel('Card number')).toHaveValue('4242 4242 4242 4242');
  await saveScreenshot('payment-form');
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot('payment-form-phone');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('button', { name: 'Pay $42.00' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Paid with the card ending 4242' })).toBeVisible();
  await expect(page.getByText('Status: Paid')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Paid — thank you');
  await expect(page.getByLabel('Card number')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Cancel order' })).toHaveCount(0);
  await saveScreenshot('paid-confirmation');

  expect(await shop.order(number)).toMatchObject({ status: 'paid', total_cents: 4200 });
  expect(await shop.payments(number)).toMatchObject([{ status: 'captured', card_last4: '4242' }]);
  expect(await shop.stock(variant.id)).toEqual({ onHand: 4, ledger: 4 });
});

test('a declined card: the page says so, the order keeps its stock, and another card pays it', async ({
  page,
  shop,
  saveScreenshot,
}) => {
  const mug = await shop.createProduct('Mug', [{ name: 'Stoneware', priceCents: 900, stock: 3 }]);
  const [variant] = mug.variants;
  if (!variant) throw new Error('the mug has a variant');
  await addToCart(page, mug.slug);
  const number = await placeOrder(page, 'declined@example.com');
  expect(await shop.stock(variant.id)).toEqual({ onHand: 2, ledger: 2 });

  await fillCard(page, declined);
  await page.getByRole('button', { name: 'Pay $9.00' }).click();

  const notice = page.getByRole('alert').filter({ hasText: 'Your card was declined' });
  await expect(notice).toContainText('Nothing was charged');
  await expect(notice).toContainText('Your items are still held for this order');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Order placed — awaiting payment');
  await expect(page.getByText('Status: Awaiting payment')).toBeVisible();
  await saveScreenshot('payment-declined');
  expect(await shop.order(number)).toMatchObject({ status: 'awaiting_payment' });
  expect(await shop.payments(number)).toMatchObject([{ status: 'declined', failure_code: 'card_declined' }]);
  expect(await shop.stock(variant.id)).toEqual({ onHand: 2, ledger: 2 });

  await fillCard(page, approved);
  await page.getByRole('button', { name: 'Pay $9.00' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Paid — thank you');
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(await shop.order(number)).toMatchObject({ status: 'paid' });
  expect(await shop.payments(number)).toMatchObject([
    { status: 'declined', card_last4: '0002' },
    { status: 'captured', card_last4: '4242' },
  ]);
  expect(await shop.stock(variant.id)).toEqual({ onHand: 2, ledger: 2 });
});

test('the provider fails: nothing was charged, the order keeps its stock, and trying again pays it', async ({
  page,
  shop,
}) => {
  const vase = await shop.createProduct('Vase', [{ name: 'Glass', priceCents: 2100, stock: 4 }]);
  const [variant] = vase.variants;
  if (!variant) throw new Error('the vase has a variant');
  await addToCart(page, vase.slug);
  const number = await placeOrder(page, 'provider-down@example.com');

  await fillCard(page, providerError);
  await page.getByRole('button', { name: 'Pay $21.00' }).click();

  const notice = page.getByRole('alert').filter({ hasText: 'The payment did not go through' });
  await expect(notice).toContainText('Nothing was charged, and nothing will be charged twice');
  await expect(page.getByText('Status: Awaiting payment')).toBeVisible();
  expect(await shop.order(number)).toMatchObject({ status: 'awaiting_payment' });
  expect(await shop.stock(variant.id)).toEqual({ onHand: 3, ledger: 3 });

  await fillCard(page, approved);
  await page.getByRole('button', { name: 'Pay $21.00' }).click();
  await expect(page.getByText('Status: Paid')).toBeVisible();
  expect(await shop.order(number)).toMatchObject({ status: 'paid' });
  expect(await shop.stock(variant.id)).toEqual({ onHand: 3, ledger: 3 });
});

test('the answer to a payment is lost: Try again repeats the same attempt, and the order is charged once', async ({
  page,
  shop,
  saveScreenshot,
}) => {
  const jug = await shop.createProduct('Jug', [{ name: 'Enamel', priceCents: 1650, stock: 2 }]);
  await addToCart(page, jug.slug);
  const number = await placeOrder(page, 'lost-answer@example.com');

  const keys: string[] = [];
  // the payment reaches the server and goes through, but its answer never reaches the browser
  await page.route('**/trpc/checkout.pay**', async (route) => {
    keys.push(idempotencyKeyOf(route.request()));
    if (keys.length > 1) return route.continue();
    await route.fetch();
    return route.abort('connectionreset');
  });
  await fillCard(page, approved);
  await page.getByRole('button', { name: 'Pay $16.50' }).click();
  await expect(page.getByRole('alert')).toContainText('we cannot tell whether the payment went through');
  await saveScreenshot('payment-answer-lost');
  await page.getByRole('button', { name: 'Try again · $16.50' }).click();

  await expect(page.getByText('Status: Paid')).toBeVisible();
  expect(keys).toHaveLength(2);
  expect(keys[1]).toBe(keys[0]);
  expect(await shop.payments(number)).toMatchObject([{ status: 'captured' }]);
});

test('cancelling an unpaid order asks first, then gives its stock back', async ({ page, shop }) => {
  const tray = await shop.createProduct('Tray', [{ name: 'Walnut', priceCents: 3300, stock: 2 }]);
  const [variant] = tray.variants;
  if (!variant) throw new Error('the tray has a variant');
  await addToCart(page, tray.slug);
  const number = await placeOrder(page, 'changed-my-mind@example.com');

  await page.getByRole('button', { name: 'Cancel order' }).click();
  await page.getByRole('button', { name: 'Keep the order' }).click();
  await page.getByRole('button', { name: 'Cancel order' }).click();
  await expect(page.getByRole('button', { name: 'Yes, cancel the order' })).toBeFocused();
  await page.getByRole('button', { name: 'Yes, cancel the order' }).click();

  await expect(page.getByText('Status: Cancelled')).toBeVisible();
  await expect(page.getByText('This order was cancelled and nothing was charged')).toBeVisible();
  await expect(page.getByLabel('Card number')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Order cancelled');
  expect(await shop.order(number)).toMatchObject({ status: 'cancelled' });
  expect(await shop.stock(variant.id)).toEqual({ onHand: 2, ledger: 2 });

  await page.getByRole('button', { name: 'Put the items back in my cart' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your cart' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Cart (1)' })).toBeVisible();
  await expect(page.getByRole('link', { name: tray.name })).toBeVisible();
});
