import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { currentUser, expectNoSeriousAxeViolations, logIn, redAlertFor, submitSpo2 } from './helpers';

const PATIENT = 'patient@demo.naer.dk';
const HOSPITAL_NURSE = 'hospital@demo.naer.dk';
const MUNICIPAL_NURSE = 'kommune@demo.naer.dk';
const MUNICIPALITY = 'Hillerød Kommune, Hjemmesygepleje og Akutteam';
const MESSAGE = 'SpO2 85 %. Ring til Karen i dag og vurder et besøg; hun har ikke feber.';

type Flagged = Window & { naerNoReload?: boolean };

/** A full page load would drop this flag: whatever changes afterwards must arrive over the socket. */
async function markNoReload(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as Flagged).naerNoReload = true;
  });
}
const stillNoReload = (page: Page) => page.evaluate(() => (window as Flagged).naerNoReload === true);

test('a hospital nurse hands a red alert to the municipality, the municipal nurse accepts it live, and the patient sees who handles it', async ({ browser }) => {
  // Three signed-in browsers and five accessibility scans on a 2-core machine.
  test.setTimeout(120_000);
  const municipalContext = await browser.newContext();
  const hospitalContext = await browser.newContext();
  const patientContext = await browser.newContext();
  try {
    // The municipal nurse's board is open before anything happens.
    const kommune = await municipalContext.newPage();
    await logIn(kommune, MUNICIPAL_NURSE, '/board');
    await expect(kommune.locator('[data-connection="live"]')).toBeVisible();
    await expect(kommune.getByRole('heading', { name: 'Overdragelser til jer' })).toBeVisible();
    await markNoReload(kommune);

    const hospital = await hospitalContext.newPage();
    await logIn(hospital, HOSPITAL_NURSE, '/board');
    await expect(hospital.locator('[data-connection="live"]')).toBeVisible();
    await markNoReload(hospital);

    const today = await patientContext.newPage();
    await logIn(today, PATIENT, '/today');
    const patient = await currentUser(today);
    const patientId = patient.patientId ?? '';
    const measurement = await submitSpo2(today, '85');
    expect(measurement.triage.level).toBe('red');

    // The hospital nurse takes the red alert...
    const alert = redAlertFor(hospital, patientId, measurement.id);
    await expect(alert).toBeVisible();
    const alertId = (await alert.getAttribute('data-alert-id')) ?? '';
    await alert.getByRole('button', { name: `Jeg tager den for ${patient.displayName}` }).click();
    await expect(alert.getByTestId('alert-owner')).toHaveText('Du har den');
    await expect(hospital.getByTestId('action-notice')).toContainText('Du har taget alarmen');

    // ...and hands it over to the municipality with a message.
    await alert.getByRole('button', { name: `Overdrag for ${patient.displayName}` }).click();
    const dialog = hospital.getByRole('dialog', { name: `Overdrag alarm for ${patient.displayName}` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Send overdragelse' }).click();
    await expect(dialog.getByText('Vælg, hvem der skal overtage.')).toBeVisible();
    await dialog.getByLabel('Hvem skal overtage?').selectOption({ label: MUNICIPALITY });
    await dialog.getByLabel('Besked til modtageren').fill(MESSAGE);
    await expectNoSeriousAxeViolations(hospital);
    await dialog.getByRole('button', { name: 'Send overdragelse' }).click();
    await expect(dialog).toBeHidden();
    // Until someone there accepts, the hospital nurse keeps it and both sides see it pending.
    await expect(alert.getByTestId('pending-handover')).toContainText(`Afventer accept fra ${MUNICIPALITY}`);
    await expect(alert.getByTestId('alert-owner')).toHaveText('Du har den');

    // The municipal nurse's open board shows the incoming handover live.
    const incoming = kommune.locator(`.incoming[data-alert-id="${alertId}"]`);
    await expect(incoming).toBeVisible();
    await expect(incoming).toContainText(patient.displayName);
    await expect(incoming).toContainText(MESSAGE);
    await expect(incoming).toContainText('Hanne Holm');
    await expect(kommune.locator(`li[data-alert-id="${alertId}"]`).getByTestId('pending-handover')).toContainText('Overdrages til jer fra');
    await expect(kommune.getByTestId('announcer')).toContainText(`Ny overdragelse fra`);
    await expectNoSeriousAxeViolations(kommune);

    // She accepts: ownership moves to her, on her screen and live on the hospital's.
    await incoming.getByRole('button', { name: `Acceptér for ${patient.displayName}` }).click();
    await expect(incoming).toBeHidden();
    await expect(kommune.locator(`li[data-alert-id="${alertId}"]`).getByTestId('alert-owner')).toHaveText('Du har den');
    await expect(alert.getByTestId('alert-owner')).toContainText('Mette Kofoed');
    await expect(alert.getByTestId('alert-owner')).toContainText('Hillerød Kommune');
    await expect(alert.getByTestId('pending-handover')).toHaveCount(0);
    await expect(alert.getByRole('button', { name: /^Afslut/ })).toHaveCount(0);
    await expect(hospital.getByTestId('announcer')).toContainText('har accepteret overdragelsen');
    expect(await stillNoReload(kommune)).toBe(true);
    expect(await stillNoReload(hospital)).toBe(true);

    // The patient's page says who is handling it, without a reload.
    const status = today.getByTestId('alert-status').locator(`[data-alert-id="${alertId}"]`);
    await expect(status.getByTestId('handled-by')).toContainText('Hillerød Kommune');
    await expect(status.getByTestId('handled-by')).toContainText('Mette Kofoed');
    await expect(status).toContainText('Vi ringer til dig i dag.');
    await expect(status).toContainText('Set af sygeplejerske, Lunge- og Hjerteambulatoriet');
    await expectNoSeriousAxeViolations(today);

    // The alert page shows the whole path as a timeline; she resolves it there.
    await kommune.locator(`li[data-alert-id="${alertId}"]`).getByRole('link', { name: `Se forløb for ${patient.displayName}` }).click();
    await expect(kommune.getByRole('heading', { level: 1, name: `Alarm for ${patient.displayName}` })).toBeVisible();
    const timeline = kommune.locator('.timeline');
    await expect(timeline.locator('[data-event-type]')).toHaveCount(4);
    await expect(timeline.locator('[data-event-type="claimed"]')).toContainText('Hanne Holm');
    await expect(timeline.locator('[data-event-type="handover_requested"]')).toContainText(MESSAGE);
    await expect(timeline.locator('[data-event-type="handover_accepted"]')).toContainText('Mette Kofoed');
    await expectNoSeriousAxeViolations(kommune);

    await kommune.getByRole('button', { name: `Afslut for ${patient.displayName}` }).click();
    const resolve = kommune.getByRole('dialog', { name: `Afslut alarm for ${patient.displayName}` });
    await resolve.getByRole('radio', { name: 'Talt med patienten' }).check();
    await resolve.getByLabel(/Note/).fill('Ringet op; iltmætning 93 % ved gentagen måling.');
    await expectNoSeriousAxeViolations(kommune);
    await resolve.getByRole('button', { name: 'Afslut alarm' }).click();
    await expect(resolve).toBeHidden();
    await expect(timeline.locator('[data-event-type="resolved"]')).toContainText('Talt med patienten');
    await expect(kommune.locator('#alert-summary')).toBeFocused();

    // Resolved: it leaves the hospital's feed, and the patient sees the outcome.
    await expect(alert).toHaveCount(0);
    await expect(status).toContainText('Afsluttet: Talt med patienten');
  } finally {
    await municipalContext.close();
    await hospitalContext.close();
    await patientContext.close();
  }
});
