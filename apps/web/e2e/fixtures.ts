import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page, type Request } from '@playwright/test';
import { ShopDatabase } from './shop-database.ts';

const screenshotDir = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));

export const test = base.extend<
  { saveScreenshot: (name: string) => Promise<void>; contentSecurityPolicyHolds: undefined },
  { shop: ShopDatabase }
>({
  shop: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const { HOLDFAST_E2E_PRIMARY_URL: primary, HOLDFAST_E2E_REPLICA_URL: replica } = process.env;
      if (!primary || !replica) throw new Error('e2e/global-setup.ts sets the database URLs');
      const shop = new ShopDatabase(primary, replica);
      await use(shop);
      await shop.close();
    },
    { scope: 'worker' },
  ],
  /** Every page under test runs within the server's Content-Security-Policy: a refused script or style fails the test. */
  contentSecurityPolicyHolds: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) violations.push(message.text());
      });
      await use(undefined);
      expect(violations).toEqual([]);
    },
    { auto: true },
  ],
  /** Screenshots of the main pages, kept as artifacts for people to look at (not compared). */
  saveScreenshot: async ({ page }, use) => {
    await use((name) =>
      page
        .screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true, animations: 'disabled' })
        .then(() => {}),
    );
  },
});

/** The order number on the confirmation page. */
export async function confirmedOrderNumber(page: Page): Promise<string> {
  const number = await page.locator('.order-number').textContent();
  if (!number) throw new Error('the confirmation page shows no order number');
  return number;
}

export { expect } from '@playwright/test';

/** The idempotency key a mutation carried: the client sends each mutation on its own, as `{ json: input }`. */
export function idempotencyKeyOf(request: Request): string {
  const body = request.postDataJSON() as { json?: { idempotencyKey?: string } };
  const key = body.json?.idempotencyKey;
  if (!key) throw new Error(`${new URL(request.url()).pathname} was sent without an idempotency key`);
  return key;
}

/** Puts one of a product's first variant in the cart from its page, and waits for the cart to say so. */
export async function addToCart(page: Page, slug: string, cartCountAfter = 1): Promise<void> {
  await page.goto(`/products/${slug}`);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByRole('link', { name: `Cart (${cartCountAfter})` })).toBeVisible();
}

/** Checks out the cart as it is and returns the new order's number from its confirmation page. */
export async function placeOrder(page: Page, email?: string): Promise<string> {
  await page.goto('/checkout');
  if (email) await page.getByLabel('Email for the receipt').fill(email);
  await page.getByRole('button', { name: /^Place order/ }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Order placed — awaiting payment' }),
  ).toBeVisible();
  return confirmedOrderNumber(page);
}

/** Fills the order page's card form; any future expiry and 3-digit CVC do for the test provider. */
export async function fillCard(page: Page, cardNumber: string): Promise<void> {
  await page.getByLabel('Card number').fill(cardNumber);
  await page.getByLabel('Expiry (MM/YY)').fill('12/34');
  await page.getByLabel('CVC').fill('123');
}
