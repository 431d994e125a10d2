import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { addToCart, confirmedOrderNumber, expect, test } from './fixtures.ts';

// an address of its own for each test: accounts and attempt limits are per email
const newEmail = (who: string) => `${who}-${randomBytes(4).toString('hex')}@example.com`;

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('create an account, sign in again with a guest cart, order: the order is under My orders until signing out', async ({
  page,
  shop,
  saveScreenshot,
}) => {
  // the longest walk in the suite, with four deliberately slow password hashes (scrypt): on a
  // shared 2-core machine it ran out of the default 30 s just before its last steps
  test.slow();
  const clock = await shop.createProduct('Clock', [{ name: 'Oak', priceCents: 5400, stock: 5 }]);
  const email = newEmail('customer');
  const password = 'correct horse battery';
  const header = page.getByRole('banner');

  await page.goto('/');
  await header.getByRole('link', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(header).toContainText(email);
  await expect(page).toHaveURL(/\/$/);

  await header.getByRole('button', { name: 'Sign out' }).click();
  await expect(header.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(header).not.toContainText(email);

  // the account exists now: a second one with its email is refused
  await page.goto('/account/create');
  await page.getByLabel('Email').fill(email.toUpperCase());
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('alert')).toContainText('No account could be made with these details');

  // shopping as a guest, then signing in: the cart comes along
  await addToCart(page, clock.slug);
  await header.getByRole('link', { name: 'Sign in' }).click();
  await signIn(page, email, 'not the password');
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password. Check both and try again.');
  await saveScreenshot('sign-in');
  await signIn(page, email, password);
  await expect(header).toContainText(email);
  // back where the sign-in link was followed from
  await expect(page.getByRole('heading', { level: 1, name: clock.name })).toBeVisible();
  await expect(header.getByRole('link', { name: 'Cart (1)' })).toBeVisible();

  await page.goto('/checkout');
  // the receipt goes to the account's email unless another is typed
  await expect(page.getByLabel('Email for the receipt')).toHaveValue(email);
  await page.getByRole('button', { name: 'Place order · $54.00' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Order placed — awaiting payment' }),
  ).toBeVisible();
  const number = await confirmedOrderNumber(page);
  expect(await shop.order(number)).toMatchObject({
    email,
    customer_email: email,
    status: 'awaiting_payment',
  });

  await header.getByRole('link', { name: 'My orders' }).click();
  const orders = page.getByRole('list', { name: 'Your orders, newest first' });
  const row = orders.getByRole('listitem').filter({ hasText: number });
  await expect(row).toContainText('Awaiting payment');
  await expect(row).toContainText('$54.00');
  await expect(row.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
  await saveScreenshot('my-orders');
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot('my-orders-phone');
  await page.setViewportSize({ width: 1280, height: 720 });

  await row.getByRole('link', { name: number }).click();
  await expect(page.locator('.order-number')).toHaveText(number);
  await expect(page.getByRole('table', { name: 'What you ordered' })).toContainText(clock.name);

  await page.goto('/account/orders');
  await expect(orders.getByRole('link', { name: number })).toBeVisible();
  await header.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in', exact: true }).first()).toBeVisible();
  await expect(page.getByText(number)).toHaveCount(0);
  await expect(page.getByRole('main')).toContainText('Sign in to see the orders placed with your account');

  // an account's order is that account's alone, even with its number and email
  await page.goto('/orders');
  await page.getByLabel('Order number').fill(number);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Find order' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Order not found' })).toBeVisible();
});

test('after too many wrong passwords the sign-in form says to wait a minute', async ({ page }) => {
  const email = newEmail('guesser');
  await page.goto('/account/sign-in');
  // the limit (10 wrong passwords a minute for one email) reached straight through the API, all at once
  const guesses = Array.from({ length: 10 }, (_, attempt) =>
    page.request.post('/trpc/account.login', {
      data: { json: { email, password: `guess number ${attempt}` } },
      failOnStatusCode: false,
    }),
  );
  expect((await Promise.all(guesses)).map((response) => response.status())).toEqual(Array(10).fill(401));

  await signIn(page, email, 'one more guess');
  await expect(page.getByRole('alert')).toHaveText('Too many attempts. Wait a minute, then try again.');
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
});
