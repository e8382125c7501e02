import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { Measurement, SessionUser } from '@naer/shared/contracts';

const PASSWORD = 'naer-demo';
const CLINICIAN = 'hospital@demo.naer.dk';
const PATIENT = 'patient@demo.naer.dk';

async function logIn(page: Page, email: string, landing: '/today' | '/board'): Promise<void> {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'E-mail' }).fill(email);
  await page.getByLabel('Adgangskode').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  await expect(page).toHaveURL(landing);
}

async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `${page.url()} has accessibility violations`).toEqual([]);
}

test('a red SpO2 reading from the patient appears on the clinician board live, without a reload', async ({ browser }) => {
  const clinicianContext = await browser.newContext();
  const patientContext = await browser.newContext();
  try {
    const board = await clinicianContext.newPage();
    await logIn(board, CLINICIAN, '/board');
    await expect(board.getByRole('table')).toBeVisible();
    await expect(board.locator('[data-connection="live"]')).toBeVisible();
    // A full page load would drop this flag: the update must arrive over the socket.
    await board.evaluate(() => {
      (window as Window & { naerNoReload?: boolean }).naerNoReload = true;
    });

    const today = await patientContext.newPage();
    await logIn(today, PATIENT, '/today');
    const me = (await (await today.request.get('/api/auth/me')).json()) as { user: SessionUser };
    const patientId = me.user.patientId;
    expect(patientId).toBeTruthy();

    await today.getByRole('textbox', { name: /Iltmætning/ }).fill('85');
    const posted = today.waitForResponse((r) => r.url().endsWith('/api/measurements') && r.request().method() === 'POST');
    await today.getByRole('button', { name: 'Send – Iltmætning' }).click();
    const response = await posted;
    expect(response.status()).toBe(201);
    const measurement = (await response.json()) as Measurement;
    expect(measurement.triage.level).toBe('red');
    await expect(today.getByText('Vi kontakter dig i dag')).toBeVisible();

    const alert = board.locator(
      `[data-severity="red"][data-patient-id="${patientId}"][data-last-measurement-id="${measurement.id}"]`,
    );
    await expect(alert).toBeVisible();
    await expect(alert).toContainText(me.user.displayName);
    const row = board.locator(`tr[data-patient-id="${patientId}"]`);
    await expect(row).toHaveAttribute('data-status', 'red');
    await expect(row.locator('td[data-kind="spo2"]')).toContainText('85');
    expect(await board.evaluate(() => (window as Window & { naerNoReload?: boolean }).naerNoReload)).toBe(true);
  } finally {
    await clinicianContext.close();
    await patientContext.close();
  }
});

test('login, today and board have no serious or critical axe violations', async ({ browser }) => {
  const anonymous = await browser.newContext();
  const patientContext = await browser.newContext();
  const clinicianContext = await browser.newContext();
  try {
    const login = await anonymous.newPage();
    await login.goto('/login');
    await expect(login.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoSeriousAxeViolations(login);

    const today = await patientContext.newPage();
    await logIn(today, PATIENT, '/today');
    await expect(today.getByRole('heading', { name: 'Mine seneste målinger' })).toBeVisible();
    await expect(today.getByText('Henter')).toHaveCount(0);
    await expectNoSeriousAxeViolations(today);

    const board = await clinicianContext.newPage();
    await logIn(board, CLINICIAN, '/board');
    await expect(board.getByRole('table')).toBeVisible();
    await expectNoSeriousAxeViolations(board);
  } finally {
    await anonymous.close();
    await patientContext.close();
    await clinicianContext.close();
  }
});
