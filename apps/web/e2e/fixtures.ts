import { fileURLToPath } from 'node:url';
import { test as base, type Page } from '@playwright/test';
import { ShopDatabase } from './shop-database.ts';

const screenshotDir = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));

export const test = base.extend<{ saveScreenshot: (name: string) => Promise<void> }, { shop: ShopDatabase }>({
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
