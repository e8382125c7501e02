import { expect, test } from '@playwright/test';
import type { MeasurementInput } from '@naer/shared/contracts';
import { logIn } from './helpers';

// These tests fake the server with page.route, which does not see requests once a service worker
// controls the page (it then sends them itself); the service worker has its own tests (pwa, offline).
test.use({ serviceWorkers: 'block' });

// Demo patients no other spec submits for, one per test.
const RETRY_PATIENT = 'anna.mortensen@demo.naer.dk';
const ENTRY_PATIENT = 'svend.poulsen@demo.naer.dk';

test('a reading whose send fails is kept on the phone and resent with the same measurement id', async ({ page }) => {
  await logIn(page, RETRY_PATIENT, '/today');
  const sent: MeasurementInput[] = [];
  let dropNext = true;
  await page.route('**/api/measurements', async (route) => {
    sent.push(route.request().postDataJSON() as MeasurementInput);
    if (dropNext) {
      dropNext = false;
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });

  await page.getByRole('textbox', { name: /Puls/ }).fill('72');
  await page.getByRole('button', { name: 'Send – Puls' }).click();
  // The queue keeps the reading and resends it by itself (how fast depends on its backoff).
  await expect.poll(() => sent.length, { timeout: 30_000 }).toBe(2);
  expect(sent[1]).toEqual(sent[0]);
  const id = sent[0]?.id ?? '';
  await expect(page.locator(`[data-measurement-id="${id}"]`)).toHaveCount(1, { timeout: 15_000 });
});

test('a Danish decimal comma is accepted and an implausible value is explained next to its field', async ({ page }) => {
  await logIn(page, ENTRY_PATIENT, '/today');

  await page.getByRole('textbox', { name: /Temperatur/ }).fill('36,8');
  const posted = page.waitForResponse((r) => r.url().endsWith('/api/measurements') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Send – Temperatur' }).click();
  const input = (await posted).request().postDataJSON() as MeasurementInput;
  expect(input).toMatchObject({ kind: 'body_temperature', value: 36.8, unit: 'Cel', source: 'manual' });
  await expect(page.locator(`[data-measurement-id="${input.id}"]`)).toContainText('36,8 °C');

  const systolic = page.getByRole('textbox', { name: /Øverste tal/ });
  await systolic.fill('300');
  await page.getByRole('textbox', { name: /Nederste tal/ }).fill('80');
  await page.getByRole('button', { name: 'Send – Blodtryk' }).click();
  await expect(systolic).toHaveAttribute('aria-invalid', 'true');
  await expect(systolic).toHaveAccessibleDescription(/mellem 50 og 280 mmHg/);
  await expect(systolic).toBeFocused();
});

test('a reading the server refuses is kept with the server\u2019s message, never silently dropped', async ({ page }) => {
  await logIn(page, ENTRY_PATIENT, '/today');
  await page.route('**/api/measurements', (route) =>
    route.fulfill({
      status: 400,
      json: {
        error: {
          code: 'validation',
          message: 'value must be between 20 and 350 kg',
          details: [{ path: 'value', message: 'value must be between 20 and 350 kg (check for a typo or a device fault)' }],
        },
      },
    }),
  );
  const weight = page.getByRole('textbox', { name: /Vægt/ });
  await weight.fill('82,4');
  await page.getByRole('button', { name: 'Send – Vægt' }).click();
  await expect(page.getByText(/between 20 and 350 kg/).first()).toBeVisible();
});
