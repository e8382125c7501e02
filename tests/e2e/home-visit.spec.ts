import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { PatientList, Visit } from '@naer/shared/contracts';
import { expectNoSeriousAxeViolations, logIn } from './helpers';

// A stable COPD demo patient no other spec uses (red below 88 %: scale 2 by default), so the red
// visit recorded here changes nobody else's data. Tests find their own visit by its id, never by count.
const PATIENT = 'Lis Larsen';
const MUNICIPAL_NURSE = 'kommune@demo.naer.dk';
const HOSPITAL_NURSE = 'hospital@demo.naer.dk';

// A 10-inch tablet in landscape.
test.use({ viewport: { width: 1280, height: 800 } });
// Logins, a save and two axe runs on a shared 2-core machine.
test.describe.configure({ timeout: 90_000 });

async function patientId(page: Page): Promise<string> {
  const board = (await (await page.request.get('/api/patients?q=Lis')).json()) as PatientList;
  const patient = board.items.find((p) => p.name === PATIENT);
  expect(patient, `${PATIENT} is on the demo board`).toBeDefined();
  return patient?.id ?? '';
}

/** RR 22, SpO2 91 on air, systolic 105, pulse 112, 38.4 °C, alert. */
async function enterVisit(page: Page): Promise<void> {
  await page.getByRole('textbox', { name: /^Respirationsfrekvens/ }).fill('22');
  await page.getByRole('textbox', { name: /^Iltmætning/ }).fill('91');
  await page.getByRole('radio', { name: 'Nej, almindelig luft' }).check();
  await page.getByRole('textbox', { name: /^Systolisk/ }).fill('105');
  await page.getByRole('textbox', { name: /^Puls/ }).fill('112');
  await page.getByRole('textbox', { name: /^Temperatur/ }).fill('38,4');
  await page.getByRole('radio', { name: /^Vågen og klar/ }).check();
}

const points = (page: Page, score: 'tobs' | 'news2', part: string) => page.getByTestId('visit-live').locator(`[data-score="${score}"] tr[data-part="${part}"]`);

test('a municipal nurse records a home visit on a tablet: live TOBS and NEWS2, the scale from the limits, the stored result and the list', async ({ page }) => {
  await logIn(page, MUNICIPAL_NURSE, '/board');
  const id = await patientId(page);
  await page.goto(`/patients/${id}`);
  await page.getByRole('link', { name: 'Registrér besøg' }).click();
  await expect(page).toHaveURL(`/patients/${id}/visit`);
  await expect(page.getByRole('heading', { level: 1, name: `Besøg hos ${PATIENT}` })).toBeVisible();

  // Her limits (red below 88 %) choose scale 2 and say so.
  await expect(page.getByTestId('scale-note')).toHaveText('Skala 2 (mål 88–92 %) er valgt ud fra patientens grænser.');
  await expect(page.getByRole('radio', { name: /^Skala 2/ })).toBeChecked();

  // Nothing entered: saving lists what is missing, in plain words, and sends nothing.
  await page.getByRole('button', { name: 'Gem besøg' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Besøget er ikke gemt' });
  await expect(summary).toContainText('Respirationsfrekvens: Skriv et tal.');
  await expect(summary).toContainText('Får patienten ilt?: Vælg en af mulighederne.');
  await expect(page.getByTestId('visit-live-summary')).toHaveText('Udfyld alle felter for at se TOBS og NEWS2 i alt.');

  // A typo is named at its field, tied to the input for screen readers.
  const temperature = page.getByRole('textbox', { name: /^Temperatur/ });
  await temperature.fill('384');
  await expect(temperature).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#visit-temperature-error')).toHaveText('Skal være mellem 30 og 44 °C. Tjek for en tastefejl.');
  await expect(temperature).toHaveAttribute('aria-describedby', 'visit-temperature-error');

  await enterVisit(page);
  await expect(temperature).not.toHaveAttribute('aria-invalid', 'true');

  // Scale 2 (88–92 % target): SpO2 91 scores 0, NEWS2 6 (medium), TOBS 5: yellow.
  const live = page.getByTestId('visit-live-summary');
  await expect(live).toHaveText(/TOBS 5\. NEWS2 6 \(skala 2\)\. Samlet: Gul\./);
  await expect(points(page, 'news2', 'spo2')).toHaveAttribute('data-points', '0');
  await expect(page.getByTestId('visit-live').locator('[data-advice="news2"]')).toHaveText('NEWS2 5–6: akut vurdering inden for 1 time.');

  // The nurse chooses scale 1 for this visit: SpO2 91 now scores 3.
  await page.getByRole('radio', { name: /^Skala 1/ }).check();
  await expect(page.getByTestId('scale-note')).toHaveText('Du har valgt skala 1 for dette besøg; patientens grænser peger på skala 2.');
  await expect(live).toHaveText(/TOBS 5\. NEWS2 9 \(skala 1\)\. Samlet: Rød\./);

  // TOBS by hand (domain.md §5): pulse 112 → 2, systolic 105 → 0, RR 22 → 2, 38.4 °C → 1, alert → 0: 5.
  for (const [part, expected] of [['pulse', '2'], ['systolic', '0'], ['respiratoryRate', '2'], ['temperature', '1'], ['consciousness', '0']] as const) {
    await expect(points(page, 'tobs', part)).toHaveAttribute('data-points', expected);
  }
  await expect(points(page, 'tobs', 'total')).toContainText('5');
  await expect(page.getByTestId('visit-live').locator('[data-advice="tobs"]')).toHaveText('TOBS 2 eller mere: assistenten ringer til sygeplejersken. Scor oftere.');
  // NEWS2 scale 1: RR 22 → 2, SpO2 91 → 3, air → 0, systolic 105 → 1, pulse 112 → 2, alert → 0, 38.4 °C → 1: 9 (high).
  for (const [part, expected] of [['respiratoryRate', '2'], ['spo2', '3'], ['airOrOxygen', '0'], ['systolic', '1'], ['pulse', '2'], ['consciousness', '0'], ['temperature', '1']] as const) {
    await expect(points(page, 'news2', part)).toHaveAttribute('data-points', expected);
  }
  await expect(points(page, 'news2', 'total')).toContainText('9');
  await expect(page.getByTestId('visit-live').locator('[data-band]')).toHaveText('Risiko: Høj');
  await expect(page.getByTestId('visit-live').locator('[data-advice="news2"]')).toHaveText('NEWS2 7 eller mere: akut, øjeblikkelig vurdering.');
  await expect(page.getByTestId('visit-live').locator('[data-score="triage"]')).toHaveAttribute('data-level', 'red');
  await expectNoSeriousAxeViolations(page);

  const posted = page.waitForResponse((r) => r.url().endsWith(`/api/patients/${id}/visits`) && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Gem besøg' }).click();
  const response = await posted;
  expect(response.status()).toBe(201);
  const { visit } = (await response.json()) as { visit: Visit };
  expect(visit.tobs.total).toBe(5);
  expect(visit.news2).toMatchObject({ total: 9, scale: 1, band: 'high' });

  // The stored result, with focus on its heading.
  const result = page.getByTestId('visit-result');
  await expect(result.getByRole('heading', { name: 'Besøget er gemt' })).toBeFocused();
  await expect(result).toHaveAttribute('data-visit-id', visit.id);
  await expect(result).toContainText(/Gemt kl\. \d{2}\.\d{2}/);
  await expect(result).toContainText('af Mette Kofoed');
  await expect(result.locator('[data-score="tobs"]')).toHaveAttribute('data-total', '5');
  await expect(result.locator('[data-score="news2"]')).toHaveAttribute('data-total', '9');
  await expect(result.locator('[data-score="triage"]')).toContainText('Rød');
  await expect(result.getByRole('link', { name: 'Tilbage til patienten' })).toHaveAttribute('href', `/patients/${id}`);

  // ...and in the list of visits.
  const row = page.locator(`tr[data-visit-id="${visit.id}"]`);
  await expect(row).toContainText('Mette Kofoed');
  await expect(row.locator('[data-cell="tobs"]')).toHaveText('5');
  await expect(row.locator('[data-cell="news2"]')).toHaveText('9 (skala 1)');
  await expect(row.locator('[data-cell="triage"]')).toHaveText('Rød');
  await expectNoSeriousAxeViolations(page);

  // A new visit starts empty, on the patient's own scale, with focus on the first field.
  await result.getByRole('button', { name: 'Start nyt besøg' }).click();
  await expect(page.getByRole('textbox', { name: /^Respirationsfrekvens/ })).toBeFocused();
  await expect(page.getByRole('textbox', { name: /^Respirationsfrekvens/ })).toHaveValue('');
  await expect(page.getByRole('radio', { name: /^Skala 2/ })).toBeChecked();

  // The English toggle.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Home visit: ${PATIENT}` })).toBeVisible();
  await expect(page.getByTestId('scale-note')).toHaveText('Scale 2 (target 88–92 %) is chosen from the patient\u2019s limits.');
  await expect(row.locator('[data-cell="news2"]')).toHaveText('9 (scale 1)');
});

test('a hospital nurse is told plainly that only home or acute visits record visits, and the server refuses a save', async ({ page }) => {
  await logIn(page, HOSPITAL_NURSE, '/board');
  const id = await patientId(page);
  await page.goto(`/patients/${id}/visit`);
  await expect(page.getByRole('heading', { level: 1, name: `Besøg hos ${PATIENT}` })).toBeVisible();
  await expect(page.getByTestId('visit-not-allowed')).toHaveText(/kun klinikere fra en organisation, der laver hjemmebesøg eller akutbesøg/);
  await expect(page.getByRole('button', { name: 'Gem besøg' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Tidligere besøg' })).toBeVisible();

  // Without the care team (it could not be read), the form shows and the server has the last word.
  await page.route('**/api/patients/*/care-team', (route) => route.abort());
  await page.reload();
  await enterVisit(page);
  const posted = page.waitForResponse((r) => r.url().endsWith(`/api/patients/${id}/visits`) && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Gem besøg' }).click();
  expect((await posted).status()).toBe(403);
  await expect(page.getByTestId('visit-form-problem')).toHaveText(/Besøget er ikke gemt: du kan ikke registrere besøg hos denne patient\./);
  await expect(page.getByTestId('visit-result')).toHaveCount(0);
});
