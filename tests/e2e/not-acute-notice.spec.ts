import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { DEMO_PASSWORD, logIn } from './helpers';

/** Every page in the menu, followed link by link; `check` runs on each. */
async function everyMenuPage(page: Page, check: (href: string) => Promise<void>) {
  const menu = page.getByRole('navigation', { name: 'Hovedmenu' });
  const hrefs = await menu.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const href of hrefs) {
    await menu.locator(`a[href="${href}"]`).click();
    await expect(page).toHaveURL(href);
    await check(href);
  }
  return hrefs;
}

test('every patient page in the menu says Naer is not acute and to call 112, and Mine data shows the questionnaire scores', async ({ page }) => {
  await logIn(page, 'poul.sorensen@demo.naer.dk', '/today');
  const hrefs = await everyMenuPage(page, async (href) => {
    await expect(page.getByTestId('not-acute'), href).toBeVisible();
    await expect(page.getByTestId('not-acute'), href).toContainText('Ring 112');
    // Mine data shows the patient's own questionnaire scores over time next to the readings.
    if (href === '/my-data') await expect(page.getByTestId('overview-questionnaires').locator('[data-response-id]').first()).toBeVisible();
  });
  expect(hrefs).toEqual(expect.arrayContaining(['/today', '/my-data', '/questionnaires', '/messages', '/relatives', '/access-log']));
});

test('every relative page says it too, including the patient they follow', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'E-mail' }).fill('parorende@demo.naer.dk');
  await page.getByLabel('Adgangskode').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  // A relative's menu is their one start page (the header shows no menu for a single page).
  await expect(page).toHaveURL('/relative');
  await expect(page.getByTestId('not-acute')).toContainText('Ring 112');
  await page.getByRole('link', { name: /Karen Jensen/ }).first().click();
  await expect(page).toHaveURL(/\/relative\/patients\//);
  await expect(page.getByTestId('not-acute')).toContainText('Ring 112');
});
