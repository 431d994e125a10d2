import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { addToCart, expect, placeOrder, test } from './fixtures.ts';

const desktop = { width: 1280, height: 720 };
const phone = { width: 390, height: 844 };

/** A seeded product in stock: it has pictures, which the products other tests make have not. */
async function firstSeededProductSlug(page: Page): Promise<string> {
  await page.goto('/?category=furniture&inStock=1');
  const link = page.getByRole('list', { name: 'Products' }).getByRole('link').first();
  const href = await link.getAttribute('href');
  if (!href) throw new Error('the shop lists no furniture in stock');
  return decodeURIComponent(href.replace('/products/', ''));
}

/** Waits until the pictures the page loads at once have arrived, so checks see the finished page. */
async function picturesLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.images].filter((image) => image.loading !== 'lazy').every((image) => image.complete),
  );
}

async function seriousProblems(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(({ id, help, nodes }) => ({ id, help, where: nodes.map((node) => node.target.join(' ')) }));
}

// each page as a shopper reaches it, from a seeded product in stock
const visits: Record<string, (page: Page, slug: string) => Promise<unknown>> = {
  home: (page) => page.goto('/'),
  'product-page': (page, slug) => page.goto(`/products/${slug}`),
  'cart-page': async (page, slug) => {
    await addToCart(page, slug);
    await page.goto('/cart');
  },
  'checkout-page': async (page, slug) => {
    await addToCart(page, slug);
    await page.goto('/checkout');
  },
  'order-page': async (page, slug) => {
    await addToCart(page, slug);
    await placeOrder(page, 'looks@example.com');
    // what was bought, with its picture
    await expect(page.getByRole('table').locator('img.product-picture')).toHaveCount(1);
  },
};

for (const [name, visit] of Object.entries(visits)) {
  test(`${name}: no serious or critical accessibility problems, at desktop and phone sizes`, async ({
    page,
    saveScreenshot,
  }) => {
    // axe reads the whole page twice: 25 to 35 s on a busy two-core machine
    test.setTimeout(60_000);
    await visit(page, await firstSeededProductSlug(page));
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await picturesLoaded(page);
    expect(await seriousProblems(page)).toEqual([]);
    await saveScreenshot(name);
    await page.setViewportSize(phone);
    await picturesLoaded(page);
    expect(await seriousProblems(page), 'on a phone').toEqual([]);
    await saveScreenshot(`${name}-phone`);
  });
}

test('the product page shows every picture, swaps the large one from its thumbnails and shows the colour chosen', async ({
  page,
}) => {
  // furniture comes in finishes: one picture per variant
  await page.goto(`/products/${await firstSeededProductSlug(page)}`);
  const gallery = page.getByRole('region', { name: 'Pictures' });
  const thumbnails = gallery.getByRole('button');
  await expect(thumbnails.nth(1)).toBeVisible();
  const large = gallery.getByRole('img').first();
  const firstAlt = await large.getAttribute('alt');
  await thumbnails.nth(1).click();
  await expect(thumbnails.nth(1)).toHaveAttribute('aria-pressed', 'true');
  await expect(large).not.toHaveAttribute('alt', firstAlt ?? '');
  // the width and height are set, so the box is reserved before the picture arrives
  await expect(large).toHaveAttribute('width', '1280');
  await expect(large).toHaveAttribute('height', '1600');

  const notChosen = page
    .locator('.variant')
    .filter({ has: page.locator('input:not(:checked)') })
    .first();
  const finish = (await notChosen.locator('.variant-name').textContent()) ?? '';
  await notChosen.click();
  await expect(large).toHaveAttribute('alt', new RegExp(` in ${finish.toLowerCase()}$`));
});

for (const [size, viewport] of [
  ['desktop', desktop],
  ['phone', phone],
] as const) {
  test(`the home page and a product page hardly move while they load (${size})`, async ({ page }) => {
    const slug = await firstSeededProductSlug(page);
    await page.setViewportSize(viewport);
    // the sum of unexpected layout shifts (Cumulative Layout Shift without session windows)
    await page.addInitScript(() => {
      const shifts = { total: 0 };
      Object.assign(window, { layoutShifts: shifts });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & {
          value: number;
          hadRecentInput: boolean;
        })[]) {
          if (!entry.hadRecentInput) shifts.total += entry.value;
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const shiftOf = () =>
      page.evaluate(() => (window as unknown as { layoutShifts: { total: number } }).layoutShifts.total);
    for (const url of ['/', `/products/${slug}`]) {
      await page.goto(url);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      // a picture, or the box of a product without one
      await page.locator('.product-picture').first().waitFor();
      await picturesLoaded(page);
      await page.waitForLoadState('networkidle');
      expect(await shiftOf(), url).toBeLessThan(0.1);
    }
  });
}
