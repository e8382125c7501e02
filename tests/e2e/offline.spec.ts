import { expect, test } from '@playwright/test';
import type { MeasurementInput, MeasurementPage } from '@naer/shared/contracts';
import { CLINICIAN, currentUser, expectNoSeriousAxeViolations, logIn, redAlertFor } from './helpers';

test('two readings made offline survive a reload and arrive exactly once when the connection returns', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, 'patient@demo.naer.dk', '/today');
  const patientId = (await currentUser(page)).patientId ?? '';
  // The service worker controls the page (clients.claim), so a reload offline gets the app shell.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await expect(page.getByRole('heading', { name: 'Dagens plan' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  const posted: MeasurementInput[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/measurements') && r.method() === 'POST') posted.push(r.postDataJSON() as MeasurementInput);
  });

  await context.setOffline(true);
  await page.getByRole('textbox', { name: /Puls/ }).fill('72');
  await page.getByRole('button', { name: 'Send – Puls' }).click();
  await expect(page.getByText('Målingen er gemt på telefonen')).toBeVisible();
  await page.getByRole('textbox', { name: /Iltmætning/ }).fill('85');
  await page.getByRole('button', { name: 'Send – Iltmætning' }).click();
  await expect(page.getByRole('heading', { name: 'Venter på at blive sendt (2)' })).toBeVisible();
  await expect(page.getByText('Foreløbig vurdering — det endelige svar kommer, når du er online igen').first()).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Venter på at blive sendt (2)' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  const ids = await page.locator('[data-queue-id]').evaluateAll((els) => els.map((el) => el.getAttribute('data-queue-id') ?? ''));
  expect(ids).toHaveLength(2);

  await context.setOffline(false);
  await expect(page.getByRole('heading', { name: 'Modtaget af Naer' })).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('[data-queue-id]')).toHaveCount(0);
  for (const id of ids) await expect(page.locator(`[data-receipt-id="${id}"]`)).toContainText('Modtaget af Naer kl.');

  const response = await page.request.get(`/api/patients/${patientId}/measurements?limit=100`);
  const stored = ((await response.json()) as MeasurementPage).items;
  for (const id of ids) expect(stored.filter((m) => m.id === id)).toHaveLength(1);

  // The SpO2 reading (red for this patient) reached the hospital's board.
  const spo2 = stored.find((m) => ids.includes(m.id) && m.kind === 'spo2');
  expect(spo2?.triage.level).toBe('red');
  const clinician = await browser.newContext();
  const board = await clinician.newPage();
  await logIn(board, CLINICIAN, '/board');
  await expect(redAlertFor(board, patientId, spo2?.id ?? '')).toBeVisible();
  await clinician.close();
  await context.close();
});
