import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { CLINICIAN, currentUser, expectNoSeriousAxeViolations, logIn } from './helpers';

// A patient no other spec uses: the calls booked here stay on their "I dag".
const PATIENT = 'knud.moller@demo.naer.dk';
const HOSPITAL = 'Lunge- og Hjerteambulatoriet, Nordsjællands Hospital';
const MUNICIPAL_NURSE = 'Mette Kofoed (Hillerød Kommune, Hjemmesygepleje og Akutteam)';

type Flagged = Window & { naerNoReload?: boolean };

/** A full page load would drop this flag: whatever changes afterwards must arrive over the socket. */
async function markNoReload(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as Flagged).naerNoReload = true;
  });
}
const stillNoReload = (page: Page) => page.evaluate(() => (window as Flagged).naerNoReload === true);

const pad = (n: number) => String(n).padStart(2, '0');
/** "10.30", as the Danish UI writes it (the browser runs in this machine's time zone). */
const clock = (at: Date) => `${pad(at.getHours())}.${pad(at.getMinutes())}`;
/** "i dag" or "i morgen": the reminder only shows those two days. */
const dayWord = (at: Date) => (at.toDateString() === new Date().toDateString() ? 'i dag' : 'i morgen');
const reminderHeading = (at: Date) => `Videosamtale med ${HOSPITAL} ${dayWord(at)} kl. ${clock(at)}`;

test('a nurse books a video call for the patient and the home nurse; the patient sees it on "I dag" live, sees it moved, and sees it go when it is cancelled', async ({ browser }) => {
  // Two signed-in browsers and three accessibility scans on a 2-core machine.
  test.setTimeout(120_000);
  const clinicianContext = await browser.newContext();
  const patientContext = await browser.newContext();
  try {
    const today = await patientContext.newPage();
    await logIn(today, PATIENT, '/today');
    const patient = await currentUser(today);
    const patientId = patient.patientId ?? '';
    await expect(today.getByTestId('consultation-reminder')).toHaveCount(0);
    await markNoReload(today);

    const nurse = await clinicianContext.newPage();
    await logIn(nurse, CLINICIAN, '/board');
    await nurse.goto(`/patients/${patientId}`);
    await expect(nurse.getByRole('heading', { level: 1 })).toHaveText(patient.displayName);
    await expect(nurse.locator('[data-connection="live"]')).toBeVisible();
    await expect(nurse.getByTestId('patient-consultations')).toContainText(`Ingen kommende videosamtaler med ${patient.displayName}.`);

    // The dialog suggests the next quarter hour, half an hour, a follow-up, with the patient invited.
    await nurse.getByRole('button', { name: 'Book videosamtale' }).click();
    const dialog = nurse.getByRole('dialog', { name: `Book videosamtale med ${patient.displayName}` });
    await expect(dialog).toBeVisible();
    const patientBox = dialog.getByRole('checkbox', { name: `${patient.displayName} (patient)` });
    await expect(patientBox).toBeChecked();
    await expect(dialog.getByRole('radio', { name: '30 min.' })).toBeChecked();
    await expect(dialog.getByRole('radio', { name: 'Opfølgning' })).toBeChecked();
    // The nurse booking takes part without being listed.
    await expect(dialog.getByRole('checkbox', { name: /Hanne Holm/ })).toHaveCount(0);

    // A missing purpose is named on its field, in plain Danish.
    await dialog.getByRole('button', { name: 'Book videosamtale' }).click();
    await expect(dialog.getByText('Skriv kort, hvad samtalen handler om.').first()).toBeVisible();
    await expect(dialog.getByLabel('Formål')).toHaveAttribute('aria-invalid', 'true');
    await expectNoSeriousAxeViolations(nurse);

    const date = await dialog.getByLabel('Dato').inputValue();
    const time = await dialog.getByLabel('Klokken').inputValue();
    const startsAt = new Date(`${date}T${time}`);
    await dialog.getByLabel('Formål').fill('Hvordan går det med vejrtrækningen efter den nye medicin?');
    await dialog.getByRole('checkbox', { name: MUNICIPAL_NURSE }).check();
    await dialog.getByRole('button', { name: 'Book videosamtale' }).click();

    const booked = dialog.getByTestId('consultation-booked');
    await expect(booked.getByRole('heading', { name: 'Videosamtalen er booket' })).toBeFocused();
    await expect(booked).toContainText(`kl. ${clock(startsAt)} (30 min.) med `);
    await expect(booked).toContainText(patient.displayName);
    await expect(booked).toContainText('Mette Kofoed');
    const consultationId = (await booked.getAttribute('data-consultation-id')) ?? '';
    await expect(booked.getByRole('link', { name: 'Gå til videosamtalen' })).toHaveAttribute('href', `/consultations/${consultationId}`);
    await expectNoSeriousAxeViolations(nurse);
    await booked.getByRole('button', { name: 'Luk' }).click();
    await expect(dialog).toBeHidden();

    // The patient's "I dag" shows the reminder without a reload.
    const reminder = today.getByTestId('consultation-reminder');
    await expect(reminder.getByRole('heading', { level: 2 })).toHaveText(reminderHeading(startsAt));
    await expect(reminder).toContainText('Om: Hvordan går det med vejrtrækningen efter den nye medicin?');
    expect(await stillNoReload(today)).toBe(true);

    // The nurse moves it an hour later from the patient page's list.
    const item = nurse.locator(`[data-testid="patient-consultations"] [data-consultation-id="${consultationId}"]`);
    await expect(item).toContainText('Mette Kofoed (Hillerød Kommune, Hjemmesygepleje og Akutteam)');
    await item.getByRole('button', { name: /^Flyt/ }).click();
    const later = new Date(startsAt.getTime() + 60 * 60_000);
    await item.getByLabel('Dato').fill(`${later.getFullYear()}-${pad(later.getMonth() + 1)}-${pad(later.getDate())}`);
    await item.getByLabel('Klokken').fill(`${pad(later.getHours())}:${pad(later.getMinutes())}`);
    await item.getByRole('button', { name: 'Gem ny tid' }).click();
    await expect(item.getByRole('heading', { level: 3 })).toContainText(`kl. ${clock(later)}`);

    await expect(reminder.getByRole('heading', { level: 2 })).toHaveText(reminderHeading(later));
    expect(await stillNoReload(today)).toBe(true);

    // The clinician's own list of calls, from the menu; the call is cancelled there.
    await nurse.getByRole('link', { name: 'Videosamtaler' }).click();
    await expect(nurse).toHaveURL('/consultations');
    await expect(nurse.getByRole('heading', { level: 1 })).toHaveText('Videosamtaler');
    await expect(nurse.locator('[data-connection="live"]')).toBeVisible();
    const listed = nurse.locator(`[data-consultation-id="${consultationId}"]`);
    await expect(listed).toContainText(patient.displayName);
    await expect(listed).toContainText(`kl. ${clock(later)}`);
    await expect(listed).toContainText('Opfølgning');
    await expectNoSeriousAxeViolations(nurse);

    await listed.getByRole('button', { name: /^Aflys/ }).click();
    await expect(listed.getByText(`Aflys videosamtalen med ${patient.displayName}`)).toBeVisible();
    await listed.getByRole('button', { name: 'Ja, aflys' }).click();
    await expect(listed).toHaveCount(0);
    await expect(nurse.getByTestId('consultations-notice')).toHaveText(`Videosamtalen med ${patient.displayName} ${dayWord(later)} kl. ${clock(later)} er aflyst.`);

    await expect(reminder).toHaveCount(0);
    await expect(today.getByTestId('consultation-cancelled')).toHaveText(`Videosamtalen ${dayWord(later)} kl. ${clock(later)} er aflyst.`);
    expect(await stillNoReload(today)).toBe(true);
  } finally {
    await clinicianContext.close();
    await patientContext.close();
  }
});
