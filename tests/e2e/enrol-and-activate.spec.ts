import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { CLINICIAN, expectNoSeriousAxeViolations, logIn } from './helpers';

const CODE = /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/;

async function fillActivation(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Vælg en adgangskode').fill(password);
  await page.getByLabel('Skriv adgangskoden igen').fill(password);
  await page.getByRole('button', { name: 'Aktivér og log ind' }).click();
}

test('a hospital clinician enrols a patient, the patient activates with the code and lands on /today, and the code works only once', async ({ browser }) => {
  // Three browsers, three accessibility scans and two password hashes: more than the default 30 s on a busy 2-core machine.
  test.setTimeout(90_000);
  const clinicianContext = await browser.newContext();
  const patientContext = await browser.newContext();
  const laterContext = await browser.newContext();
  try {
    const enrol = await clinicianContext.newPage();
    await logIn(enrol, CLINICIAN, '/board');
    await enrol.getByRole('link', { name: 'Indskriv patient' }).click();
    await expect(enrol).toHaveURL('/enrol');
    await expect(enrol.getByRole('heading', { level: 1, name: 'Indskriv en ny patient' })).toBeVisible();

    // Submitting empty says what to fix, and moves focus to the summary.
    await enrol.getByRole('button', { name: 'Indskriv patient' }).click();
    await expect(enrol.getByRole('alert')).toContainText('Skriv patientens fulde navn');
    await expect(enrol.getByRole('alert')).toContainText('Vælg mindst ét program');

    const name = `Aktiv Patient ${randomUUID().slice(0, 6)}`;
    await enrol.getByLabel('Fulde navn').fill(name);
    await enrol.getByLabel('Fødselsdato').fill('1950-04-01');
    await enrol.getByLabel('TeleKOL (KOL)').check();
    await enrol.getByLabel('Egen læge', { exact: true }).selectOption({ label: 'Lægehuset Kongens Vænge' });
    await enrol.getByLabel('Kommune', { exact: true }).selectOption({ label: 'Hillerød Kommune, Hjemmesygepleje og Akutteam' });
    await expect(enrol.getByText('Døgnåbent')).toBeVisible();
    await expectNoSeriousAxeViolations(enrol);
    await enrol.getByRole('button', { name: 'Indskriv patient' }).click();

    await expect(enrol.getByRole('heading', { level: 1, name: `${name} er indskrevet` })).toBeFocused();
    const code = ((await enrol.getByTestId('activation-code').textContent()) ?? '').trim();
    expect(code).toMatch(CODE);
    await expect(enrol.getByRole('img', { name: /QR-kode/ })).toBeVisible();
    await expect(enrol.getByRole('button', { name: 'Print brevet' })).toBeVisible();
    await expectNoSeriousAxeViolations(enrol);

    // A new browser: the patient types the code from the letter.
    const activate = await patientContext.newPage();
    await activate.goto('/activate');
    await expect(activate.getByRole('heading', { level: 1, name: 'Aktivér din adgang til Naer' })).toBeVisible();
    await expectNoSeriousAxeViolations(activate);
    await activate.getByLabel('Aktiveringskode').fill(code.toLowerCase());
    await fillActivation(activate, `aktiv-${randomUUID().slice(0, 8)}@test.naer.dk`, 'mit-eget-kodeord');
    await expect(activate).toHaveURL('/today');
    await expect(activate.getByRole('heading', { name: 'Mine målinger', level: 1 })).toBeVisible();
    expect(((await (await activate.request.get('/api/auth/me')).json()) as { user: { displayName: string } }).user.displayName).toBe(name);

    // The QR code's link pre-fills the code; a second use is refused with a clear message.
    const again = await laterContext.newPage();
    await again.goto(`/activate?code=${encodeURIComponent(code)}`);
    await expect(again.getByLabel('Aktiveringskode')).toHaveValue(code);
    await fillActivation(again, `igen-${randomUUID().slice(0, 8)}@test.naer.dk`, 'et-andet-kodeord');
    await expect(again.getByText('Koden er allerede brugt. Log ind med din e-mail og adgangskode, eller bed din sygeplejerske om en ny kode.')).toBeVisible();
    await expect(again.getByLabel('Aktiveringskode')).toBeFocused();
    await expect(again).toHaveURL(/\/activate/);
  } finally {
    await clinicianContext.close();
    await patientContext.close();
    await laterContext.close();
  }
});

test('a GP sees why they cannot enrol, instead of a form', async ({ page }) => {
  await logIn(page, 'gp@demo.naer.dk', '/board');
  await page.goto('/enrol');
  await expect(page.getByText('Kun klinikere på en hospitalsafdeling kan indskrive patienter.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Indskriv patient' })).toHaveCount(0);
});

test('a lost letter: the care team makes a new code, the old one stops working and the new one activates', async ({ browser }) => {
  const clinicianContext = await browser.newContext();
  const patientContext = await browser.newContext();
  try {
    const clinician = await clinicianContext.newPage();
    await logIn(clinician, CLINICIAN, '/board');
    const organisations = (await (await clinician.request.get('/api/organisations')).json()) as { items: Array<{ id: string; type: string }> };
    const hospital = organisations.items.find((o) => o.type === 'hospital');
    const enrolled = await clinician.request.post('/api/enrolments', {
      data: { patient: { name: `Glemsom Patient ${randomUUID().slice(0, 6)}`, birthDate: '1947-06-01' }, programmes: ['copd'], careTeam: [{ organisationId: hospital?.id, responsibilities: ['red', 'yellow', 'missing'] }] },
    });
    expect(enrolled.status()).toBe(201);
    const { patient, activation } = (await enrolled.json()) as { patient: { id: string; name: string }; activation: { code: string } };

    await clinician.goto(`/patients/${patient.id}/activation`);
    await clinician.getByRole('button', { name: 'Lav ny aktiveringskode' }).click();
    await expect(clinician.getByRole('heading', { level: 1, name: `Ny kode til ${patient.name}` })).toBeFocused();
    const code = ((await clinician.getByTestId('activation-code').textContent()) ?? '').trim();
    expect(code).toMatch(CODE);
    expect(code).not.toBe(activation.code);

    const activate = await patientContext.newPage();
    await activate.goto(`/activate?code=${encodeURIComponent(activation.code)}`);
    await fillActivation(activate, `glemsom-${randomUUID().slice(0, 8)}@test.naer.dk`, 'mit-eget-kodeord');
    await expect(activate.getByText('Koden blev ikke genkendt.', { exact: false })).toBeVisible();
    await activate.getByLabel('Aktiveringskode').fill(code);
    await activate.getByRole('button', { name: 'Aktivér og log ind' }).click();
    await expect(activate).toHaveURL('/today');

    // Once the patient has activated, there is nothing to reissue.
    await clinician.reload();
    await clinician.getByRole('button', { name: 'Lav ny aktiveringskode' }).click();
    await expect(clinician.getByRole('alert')).toContainText('Patienten har allerede aktiveret sin adgang');
  } finally {
    await clinicianContext.close();
    await patientContext.close();
  }
});
