import { expect, test } from '@playwright/test';
import { expectNoSeriousAxeViolations, logIn } from './helpers';

// Grethe Rasmussen: COPD and heart failure, so her pages show every kind of limit (absolute bands,
// SpO2 below her own median, weight gain within 3 days, both halves of blood pressure). Read-only here.
const PATIENT = 'grethe.rasmussen@demo.naer.dk';
const PATIENT_PAGES = ['/today', '/my-data', '/questionnaires', '/messages', '/relatives', '/access-log'];

test('every patient page in the menu, and a questionnaire, has no serious or critical axe violations', async ({ page }) => {
  // Eight axe runs of a few seconds each on a shared 2-core machine.
  test.setTimeout(90_000);
  await logIn(page, PATIENT, '/today');
  const menu = page.getByRole('navigation', { name: 'Hovedmenu' });
  const hrefs = await menu.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  // A new patient page in the menu is checked here without editing this test.
  expect(hrefs).toEqual(expect.arrayContaining(PATIENT_PAGES));

  for (const href of hrefs) {
    await menu.locator(`a[href="${href}"]`).click();
    await expect(page).toHaveURL(href);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    // Checked once the page has loaded its data, not while it says "Henter …".
    await expect(page.getByText(/^Henter/)).toHaveCount(0);
    if (href === '/my-data') {
      // The limits as they apply: her own weight threshold drawn, both halves of blood pressure, tables open.
      await expect(page.locator('[data-series="body_weight"] [data-relative-level="yellow"]')).toHaveCount(1);
      await expect(page.locator('[data-series="body_weight"]')).toContainText('Gul: hvis din vægt stiger mere end 1 kg inden for 3 dage. Lige nu betyder det: over');
      await expect(page.locator('[data-series="diastolic"]')).toContainText('Gul: hvis dit nedre blodtryk (diastolisk) er over 95 mmHg.');
      await expect(page.locator('[data-series="systolic"]')).toContainText('Rød: hvis dit øvre blodtryk (systolisk) er over 180 mmHg.');
      for (const summary of await page.getByText('Vis som tabel').all()) await summary.click();
    }
    await expectNoSeriousAxeViolations(page);
  }

  await page.goto('/questionnaires/hf-daily');
  await expect(page.getByRole('heading', { name: 'Spørgsmål 1 af 5' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
});
