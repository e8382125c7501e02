import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type { PatientSummary } from '@naer/shared/contracts';
import { CLINICIAN, expectNoSeriousAxeViolations, logIn } from './helpers';

// A stable COPD demo patient no other spec changes: 30 days of SpO2 around 95 %.
const PATIENT = 'Svend Poulsen';

test('a clinician edits a limit, sees what it would have meant for the last 30 days before saving, and the change lands in the history', async ({ page }) => {
  await logIn(page, CLINICIAN, '/board');
  const board = (await (await page.request.get('/api/patients')).json()) as { items: PatientSummary[] };
  const patient = board.items.find((p) => p.name === PATIENT);
  expect(patient, `${PATIENT} is on the demo board`).toBeDefined();
  await page.goto(`/patients/${patient?.id ?? ''}/limits`);
  await expect(page.getByRole('heading', { level: 1, name: `Grænser for ${PATIENT}` })).toBeVisible();

  const spo2 = page.locator('section[data-kind="spo2"]');
  const current = spo2.locator('.current-rules');
  await expect(current.getByText('Rød: under 88 %')).toBeVisible();
  await spo2.getByRole('button', { name: 'Ret grænser for Iltmætning' }).click();

  // Unchanged rules: the same counts on both sides.
  const preview = spo2.getByTestId('limits-preview');
  await expect(preview).toContainText(/Sidste 30 dage: (\d+ røde?) og (\d+ gule?) med de nye grænser mod \1 og \2 med de nuværende\./);

  // Red below 96 instead of 88: most of this patient's readings would have been red.
  await expect(spo2.getByLabel('Farve').first()).toHaveValue('red');
  await spo2.getByLabel('Værdi (%)').first().fill('96');
  await expect(preview).toContainText(/Sidste 30 dage: [1-9]\d* røde? og \d+ gule? med de nye grænser mod 0 røde og 0 gule med de nuværende\./);
  await expect(spo2.getByText(/Målinger, der skifter farve \(\d+\)/)).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  // Saving needs a reason.
  await spo2.getByRole('button', { name: 'Gem nye grænser' }).click();
  await expect(spo2.getByRole('alert')).toContainText('Skriv en begrundelse');
  const reason = `Skærpet iltgrænse efter indlæggelse ${randomUUID().slice(0, 4)}`;
  await spo2.getByLabel('Begrundelse for ændringen').fill(reason);
  await spo2.getByRole('button', { name: 'Gem nye grænser' }).click();

  await expect(page.getByRole('status')).toContainText('De nye grænser for Iltmætning er gemt.');
  await expect(current.getByText('Rød: under 96 %')).toBeVisible();
  await expect(spo2.getByText(`Begrundelse: ${reason}`).first()).toBeVisible();
  await spo2.getByText('Historik (2 versioner)').click();
  const history = spo2.locator('details.history li[data-status]');
  await expect(history).toHaveCount(2);
  await expect(history.first()).toContainText('Gældende');
  await expect(history.first()).toContainText('Hanne Holm');
  await expect(history.nth(1)).toContainText('Tidligere');
  await expect(history.nth(1)).toContainText('Programmets standardgrænser ved indskrivning');
});

test('a clinician tightens a patient\u2019s home-visit thresholds; looser than national is not offered; Birthe shows the demo change', async ({ page }) => {
  await logIn(page, CLINICIAN, '/board');
  const board = (await (await page.request.get('/api/patients')).json()) as { items: PatientSummary[] };
  const birthe = board.items.find((p) => p.name === 'Birthe Hansen');
  await page.goto(`/patients/${birthe?.id ?? ''}/limits`);
  const card = page.getByTestId('visit-thresholds');
  await expect(card.getByRole('heading', { name: 'Tærskler ved hjemmebesøg (TOBS og NEWS2)' })).toBeVisible();
  await expect(card).toContainText('Rød ved NEWS2 på 6 eller mere');
  await expect(card).toContainText(/Strammet for denne patient .* af Hanne Holm/);

  const patient = board.items.find((p) => p.name === PATIENT);
  await page.goto(`/patients/${patient?.id ?? ''}/limits`);
  await expect(card).toContainText('De nationale tærskler gælder.');
  await card.getByRole('button', { name: 'Ret tærskler ved hjemmebesøg' }).click();
  // Only tighter choices: 1 to the national 7.
  await expect(card.getByLabel('NEWS2 rød fra').locator('option')).toHaveCount(7);
  await card.getByLabel('NEWS2 rød fra').selectOption('6');
  await card.getByLabel('NEWS2 gul fra').selectOption('4');
  await card.getByRole('button', { name: 'Gem tærskler' }).click();
  await expect(card.getByRole('alert')).toContainText('Skriv en begrundelse');
  await card.getByLabel('Begrundelse (påkrævet)').fill('Lille reserve efter indlæggelse');
  await expectNoSeriousAxeViolations(page);
  await card.getByRole('button', { name: 'Gem tærskler' }).click();
  await expect(page.getByRole('status')).toContainText('Tærsklerne ved hjemmebesøg er gemt.');
  await expect(card).toContainText('Rød ved NEWS2 på 6 eller mere');
  await expect(card).toContainText('Gul ved NEWS2 på 4 eller mere');
  await expect(card).toContainText('Begrundelse: Lille reserve efter indlæggelse');
});
