import { expect, test } from '@playwright/test';
import { CLINICIAN, currentUser, expectNoSeriousAxeViolations, logIn, redAlertFor, submitSpo2 } from './helpers';

const PATIENT = 'patient@demo.naer.dk';

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
    const patient = await currentUser(today);
    const patientId = patient.patientId ?? '';
    expect(patientId).not.toBe('');

    const measurement = await submitSpo2(today, '85');
    expect(measurement.triage.level).toBe('red');
    await expect(today.getByText('Vi kontakter dig i dag')).toBeVisible();

    const alert = redAlertFor(board, patientId, measurement.id);
    await expect(alert).toBeVisible();
    await expect(alert).toContainText(patient.displayName);
    const row = board.locator(`tr[data-patient-id="${patientId}"]`);
    await expect(row).toHaveAttribute('data-status', 'red');
    await expect(row.locator('td[data-kind="spo2"]')).toContainText('85');
    await expect(board.getByTestId('announcer')).toContainText(patient.displayName);
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
