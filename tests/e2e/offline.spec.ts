import { expect, test } from '@playwright/test';
import type { MeasurementInput, MeasurementPage, QuestionnaireResponseInput, QuestionnaireResponsePage } from '@naer/shared/contracts';
import { CLINICIAN, currentUser, expectNoSeriousAxeViolations, logIn, redAlertFor } from './helpers';

test('two readings and a questionnaire answered offline survive a reload and arrive exactly once when the connection returns', async ({ browser }) => {
  // Three pages offline, four axe runs and the hospital board: more than the default 30 s on a loaded machine.
  test.setTimeout(90_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, 'patient@demo.naer.dk', '/today');
  const patientId = (await currentUser(page)).patientId ?? '';
  // The service worker controls the page (clients.claim), so a reload offline gets the app shell.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await expect(page.getByRole('heading', { name: 'Dagens plan' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  const posted: MeasurementInput[] = [];
  const answersPosted: QuestionnaireResponseInput[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/measurements') && r.method() === 'POST') posted.push(r.postDataJSON() as MeasurementInput);
    if (r.url().endsWith('/api/questionnaire-responses') && r.method() === 'POST') answersPosted.push(r.postDataJSON() as QuestionnaireResponseInput);
  });

  await context.setOffline(true);
  await page.getByRole('textbox', { name: /Puls/ }).fill('72');
  await page.getByRole('button', { name: 'Send – Puls' }).click();
  await expect(page.getByText('Målingen er gemt på telefonen')).toBeVisible();
  await page.getByRole('textbox', { name: /Iltmætning/ }).fill('85');
  await page.getByRole('button', { name: 'Send – Iltmætning' }).click();
  await expect(page.getByRole('heading', { name: 'Venter på at blive sendt (2)' })).toBeVisible();
  await expect(page.getByText('Foreløbig vurdering — det endelige svar kommer, når du er online igen').first()).toBeVisible();

  // The COPD daily check, opened and answered without a connection (nothing worse: green, no alert for later specs).
  await page.goto('/questionnaires/copd-daily');
  await expect(page.getByRole('heading', { name: 'Spørgsmål 1 af 4' })).toBeVisible();
  for (const option of ['Nej, som jeg plejer eller bedre', 'Nej, som jeg plejer, mindre eller slet ikke', 'Nej, samme farve som altid']) {
    await page.getByRole('radio', { name: option, exact: true }).check();
    await page.getByRole('button', { name: 'Næste' }).click();
  }
  await page.getByRole('radio', { name: 'Nej, som jeg plejer eller mindre', exact: true }).check();
  await page.getByRole('button', { name: 'Se dine svar' }).click();
  await page.getByRole('button', { name: 'Send svar' }).click();
  const waitingAnswers = page.locator('[data-provisional="true"]');
  await expect(waitingAnswers).toContainText('Dine svar er gemt på telefonen og venter på at blive sendt');
  await expect(waitingAnswers).toContainText('Foreløbig vurdering');
  await expect(waitingAnswers).toHaveAttribute('data-level', 'green');
  await expect(waitingAnswers.locator('[data-score]')).toHaveAttribute('data-score', '0');
  await expectNoSeriousAxeViolations(page);
  const answerId = (await waitingAnswers.getAttribute('data-response-id')) ?? '';
  // The list comes from the phone and shows the answers as waiting (no longer due).
  await page.getByRole('link', { name: 'Tilbage til spørgeskemaer' }).first().click();
  await expect(page.getByText('Du er offline. Listen er den, telefonen gemte sidst')).toBeVisible();
  await expect(page.locator('[data-questionnaire-id="copd-daily"]')).toContainText('Besvaret – venter på at blive sendt');

  // A full load of /today without a connection (like a reopened phone): everything is still waiting.
  await page.goto('/today');
  await expect(page.getByRole('heading', { name: 'Venter på at blive sendt (3)' })).toBeVisible();
  await expect(page.locator(`[data-queue-id="${answerId}"]`)).toContainText('Dagligt symptomtjek (KOL): besvaret kl.');
  await expectNoSeriousAxeViolations(page);
  const ids = await page.locator('[data-queue-id]').evaluateAll((els) => els.map((el) => el.getAttribute('data-queue-id') ?? ''));
  expect(ids).toHaveLength(3);
  expect(ids).toContain(answerId);

  await context.setOffline(false);
  await expect(page.getByRole('heading', { name: 'Modtaget af Naer' })).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('[data-queue-id]')).toHaveCount(0);
  for (const id of ids) await expect(page.locator(`[data-receipt-id="${id}"]`)).toContainText('Modtaget af Naer kl.');

  const response = await page.request.get(`/api/patients/${patientId}/measurements?limit=100`);
  const stored = ((await response.json()) as MeasurementPage).items;
  for (const id of ids.filter((i) => i !== answerId)) expect(stored.filter((m) => m.id === id)).toHaveLength(1);
  const answers = await page.request.get(`/api/patients/${patientId}/questionnaire-responses?questionnaireId=copd-daily&limit=100`);
  const storedAnswers = ((await answers.json()) as QuestionnaireResponsePage).items.filter((r) => r.id === answerId);
  expect(storedAnswers).toHaveLength(1);
  expect(storedAnswers[0]).toMatchObject({ score: 0, triage: { level: 'green' } });
  // Every attempt carried the same client id and answers.
  expect(answersPosted.length).toBeGreaterThan(0);
  for (const body of answersPosted) expect(body).toEqual(answersPosted[0]);

  // The SpO2 reading (red for this patient) reached the hospital's board.
  const spo2 = stored.find((m) => ids.includes(m.id) && m.kind === 'spo2');
  expect(spo2?.triage.level).toBe('red');
  const clinician = await browser.newContext();
  const board = await clinician.newPage();
  await logIn(board, CLINICIAN, '/board');
  // The board loads every patient and the alert feed; allow for a busy machine.
  await expect(redAlertFor(board, patientId, spo2?.id ?? '')).toBeVisible({ timeout: 15_000 });
  await clinician.close();
  await context.close();
});
