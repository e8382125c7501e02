import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { CLINICIAN, currentUser, expectNoSeriousAxeViolations, logIn } from './helpers';

// Leif Knudsen (heart failure, stable) turns red here; Erik Nielsen's overview is read and gets a note. No other spec uses them.
const TURNS_RED = 'leif.knudsen@demo.naer.dk';
const OVERVIEW_PATIENT = 'Erik Nielsen';

test('the board filters on the server, keeps the filters in the URL, and a new red reorders it with a sound and a visible, announced cue', async ({ browser }) => {
  const clinicianContext = await browser.newContext();
  const patientContext = await browser.newContext();
  try {
    const board = await clinicianContext.newPage();
    await logIn(board, CLINICIAN, '/board');
    await expect(board.locator('[data-connection="live"]')).toBeVisible();

    // Heart failure only: every row says so, and the URL can be shared.
    const filtered = board.waitForResponse((r) => r.url().includes('/api/patients?') && r.url().includes('programme=heart_failure'));
    await board.getByTestId('filter-programme').selectOption('heart_failure');
    await filtered;
    await expect(board).toHaveURL(/programme=heart_failure/);
    const rows = board.locator('tbody tr[data-patient-id]');
    await expect(rows.first()).toBeVisible();
    for (const text of await rows.locator('.programmes').allTextContents()) expect(text).toContain('Hjertesvigt');
    await board.reload();
    await expect(board.getByTestId('filter-programme')).toHaveValue('heart_failure');
    await expect(board.locator('[data-connection="live"]')).toBeVisible();

    const today = await patientContext.newPage();
    await logIn(today, TURNS_RED, '/today');
    const patient = await currentUser(today);
    const row = board.locator(`tr[data-patient-id="${patient.patientId ?? ''}"]`);
    await expect(row).toHaveAttribute('data-status', 'green');
    const before = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-patient-id')));
    expect(before[0]).not.toBe(patient.patientId);

    const res = await today.request.post('/api/measurements', {
      data: { id: randomUUID(), kind: 'heart_rate', value: 134, unit: '/min', measuredAt: new Date().toISOString(), source: 'manual' },
    });
    expect(res.status()).toBe(201);

    // Reordered live: the red patient moves to the top; the cue is visible, announced and played.
    await expect(row).toHaveAttribute('data-status', 'red');
    await expect.poll(async () => rows.first().getAttribute('data-patient-id')).toBe(patient.patientId);
    const cue = board.getByTestId('red-cue');
    await expect(cue).toContainText(patient.displayName);
    await expect(cue).toHaveAttribute('data-played', '1');
    await expect(board.getByTestId('announcer')).toContainText(patient.displayName);

    // Muting is remembered on this device.
    await board.getByTestId('cue-mute').click();
    await expect(board.getByTestId('cue-mute')).toHaveAttribute('aria-pressed', 'true');
    await board.reload();
    await expect(board.getByTestId('cue-mute')).toHaveAttribute('aria-pressed', 'true');
    await expectNoSeriousAxeViolations(board);
  } finally {
    await clinicianContext.close();
    await patientContext.close();
  }
});

test('the patient overview draws trends with limit bands, the alert history, the care team and live notes', async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  await logIn(page, CLINICIAN, '/board');
  await page.locator('table').getByRole('link', { name: OVERVIEW_PATIENT, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: OVERVIEW_PATIENT })).toBeVisible();

  const trends = page.getByTestId('overview-trends');
  await trends.getByLabel('90 dage').check();
  // Heart failure: weight (with its trend limit), blood pressure in two halves, pulse, SpO2; the visit added the rest.
  const weight = trends.locator('[data-chart="body_weight"]');
  await expect(weight.locator('canvas').first()).toBeVisible();
  expect(Number(await weight.getAttribute('data-points'))).toBeGreaterThanOrEqual(25);
  const systolic = trends.locator('[data-chart="systolic"]');
  expect(Number(await systolic.getAttribute('data-bands'))).toBeGreaterThan(0);
  expect(Number(await weight.getAttribute('data-alert-markers'))).toBeGreaterThan(0);
  await page.screenshot({ path: testInfo.outputPath('patient-overview.png'), fullPage: true });
  await testInfo.attach('patient-overview', { path: testInfo.outputPath('patient-overview.png'), contentType: 'image/png' });

  // The raw readings: who entered each (the home nurse's visit among them), its quality and the limit version that judged it.
  await expect(page.locator('td.source[data-source="nurse"]').first()).toContainText('Sygeplejerske');
  await expect(page.locator('td.source[data-source="device"]').first()).toBeVisible();
  await expect(page.locator('td.limit').first()).toContainText('grænser fra');
  await expect(page.getByTestId('overview-alerts').locator('[data-alert-id]').first()).toBeVisible();
  await expect(page.getByTestId('overview-team')).toContainText('Lægehuset Kongens Vænge');
  await expect(page.getByTestId('overview-team')).toContainText('Døgnåben');
  await expect(page.getByTestId('overview-questionnaires')).toBeVisible();
  await expect(page.getByTestId('overview-notes')).toContainText('Furosemid');

  const body = `Ringet til datteren ${randomUUID().slice(0, 6)}.`;
  await page.getByLabel('Ny note til hele teamet').fill(body);
  await page.getByRole('button', { name: 'Gem note' }).click();
  await expect(page.getByTestId('overview-notes').locator('[data-note-id]').first()).toContainText(body);
  await expectNoSeriousAxeViolations(page);
});
