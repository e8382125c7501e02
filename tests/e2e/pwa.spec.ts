import { expect, test } from '@playwright/test';
import { expectNoSeriousAxeViolations, logIn } from './helpers';

test('the web app manifest is linked and names the app, its start page and icons', async ({ page }) => {
  await page.goto('/login');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const response = await page.request.get(new URL(href ?? '', page.url()).toString());
  expect(response.status()).toBe(200);
  const manifest = (await response.json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    lang: string;
    theme_color: string;
    background_color: string;
    icons: { src: string; sizes: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({ short_name: 'Naer', start_url: '/today', display: 'standalone', lang: 'da' });
  expect(manifest.name).toContain('Naer');
  expect(manifest.theme_color).toMatch(/^#/);
  expect(manifest.background_color).toMatch(/^#/);
  expect(manifest.icons.some((i) => i.sizes === '192x192')).toBe(true);
  expect(manifest.icons.some((i) => i.sizes === '512x512')).toBe(true);
  expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
  for (const icon of manifest.icons) expect((await page.request.get(icon.src)).status()).toBe(200);
});

test('the service worker registers under the CSP, controls the page and serves the app shell offline', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cspErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  await logIn(page, 'patient@demo.naer.dk', '/today');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL)).toMatch(/\/service-worker\.js$/);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('Du er offline')).toBeVisible();
  await page.goto('/today');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // /api is never cached: offline it fails instead of showing stale patient data.
  const apiOffline = await page.evaluate(async () => fetch('/api/auth/me').then(() => 'answered', () => 'failed'));
  expect(apiOffline).toBe('failed');
  await context.setOffline(false);
  await expectNoSeriousAxeViolations(page);
  expect(cspErrors).toEqual([]);
  await context.close();
});

test('Mine data shows the history with limits and a table, with no serious accessibility violations', async ({ page }) => {
  await logIn(page, 'patient@demo.naer.dk', '/today');
  await page.getByRole('link', { name: 'Mine data', exact: true }).click();
  await expect(page).toHaveURL('/my-data');
  await expect(page.getByRole('heading', { level: 1, name: 'Mine data' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Sidste 90 dage' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
});
