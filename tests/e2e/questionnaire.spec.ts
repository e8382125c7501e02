import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { QuestionnaireResponse, QuestionnaireResponseInput, QuestionnaireResponsePage } from '@naer/shared/contracts';
import { CLINICIAN, currentUser, expectNoSeriousAxeViolations, logIn } from './helpers';

// These tests fake the server with page.route, which does not see requests once a service worker
// controls the page (it then sends them itself); the service worker has its own tests (pwa, offline).
test.use({ serviceWorkers: 'block' });

// Karen Jensen (COPD): the COPD daily check, the weekly CAT-structured score and the monthly involvement question
// (the demo leaves this month's unanswered for her); no other spec answers questionnaires for her.
const PATIENT = 'patient@demo.naer.dk';

async function openQuestionnaire(page: Page, id: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Spørgeskemaer' }).click();
  await expect(page).toHaveURL('/questionnaires');
  await page.locator(`[data-questionnaire-id="${id}"]`).getByRole('link').click();
  await expect(page).toHaveURL(`/questionnaires/${id}`);
}

/** Answers the question on screen and moves on; the next screen's heading takes focus. */
async function answer(page: Page, option: string, next: 'Næste' | 'Se dine svar' = 'Næste'): Promise<void> {
  await page.getByRole('radio', { name: option, exact: true }).check();
  await page.getByRole('button', { name: next }).click();
}

async function storedResponse(page: Page, patientId: string, questionnaireId: string): Promise<QuestionnaireResponse | undefined> {
  const res = await page.request.get(`/api/patients/${patientId}/questionnaire-responses?questionnaireId=${questionnaireId}&limit=1`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as QuestionnaireResponsePage).items[0];
}

test('the COPD daily check with two cardinal symptoms worse ends red, is stored so, and reaches the hospital board', async ({ page, browser }) => {
  await logIn(page, PATIENT, '/today');
  const me = await currentUser(page);
  const patientId = me.patientId ?? '';

  await openQuestionnaire(page, 'copd-daily');
  await expect(page.getByRole('heading', { name: 'Dagligt symptomtjek (KOL)', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Spørgsmål 1 af 4' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  // Moving on without an answer is explained, not silently refused.
  await page.getByRole('button', { name: 'Næste' }).click();
  await expect(page.getByText('Vælg et svar for at gå videre.')).toBeVisible();
  await expect(page.getByRole('group', { name: 'Er du mere forpustet end på en almindelig dag?' })).toBeVisible();

  await answer(page, 'Ja, mere forpustet end jeg plejer');
  await expect(page.getByRole('heading', { name: 'Spørgsmål 2 af 4' })).toBeFocused();
  await answer(page, 'Ja, mere slim end jeg plejer');
  // Back and forth keeps the answers.
  await page.getByRole('button', { name: 'Forrige' }).click();
  await expect(page.getByRole('radio', { name: 'Ja, mere slim end jeg plejer' })).toBeChecked();
  await page.getByRole('button', { name: 'Forrige' }).click();
  await expect(page.getByRole('heading', { name: 'Spørgsmål 1 af 4' })).toBeFocused();
  await expect(page.getByRole('radio', { name: 'Ja, mere forpustet end jeg plejer' })).toBeChecked();
  await page.getByRole('button', { name: 'Næste' }).click();
  await page.getByRole('button', { name: 'Næste' }).click();
  await expect(page.getByRole('heading', { name: 'Spørgsmål 3 af 4' })).toBeVisible();
  await answer(page, 'Nej, samme farve som altid');
  await answer(page, 'Nej, som jeg plejer eller mindre', 'Se dine svar');

  await expect(page.getByRole('heading', { name: 'Tjek dine svar' })).toBeFocused();
  await expect(page.getByRole('listitem').filter({ hasText: 'Er du mere forpustet' })).toContainText('Ja, mere forpustet end jeg plejer');
  await expectNoSeriousAxeViolations(page);

  const posted = page.waitForResponse((r) => r.url().endsWith('/api/questionnaire-responses') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Send svar' }).click();
  const response = await posted;
  expect(response.status()).toBe(201);
  const sent = (await response.json()) as QuestionnaireResponse;

  const result = page.locator(`[data-response-id="${sent.id}"]`);
  await expect(result).toHaveAttribute('data-level', 'red');
  await expect(result).toContainText('Vi kontakter dig i dag');
  await expect(result).toContainText('Symptomer, der er værre: 2 af 4');
  await expect(result).toContainText('Hovedsymptomer, der er værre: 2 af 3 (Mere åndenød, Mere slim)');
  await expect(page.getByRole('heading', { name: 'Tak for dine svar' })).toBeFocused();
  await expectNoSeriousAxeViolations(page);

  const stored = await storedResponse(page, patientId, 'copd-daily');
  expect(stored).toMatchObject({ id: sent.id, score: 2, answers: { breathless: 1, 'sputum-amount': 1, 'sputum-colour': 0, cough: 0 }, triage: { level: 'red' } });
  expect(stored?.triage.reasons[0]?.code).toBe('q.copd-daily.cardinal.red');

  // The list now shows the daily check as answered.
  await page.getByRole('link', { name: 'Tilbage til spørgeskemaer' }).first().click();
  await expect(page.locator('[data-questionnaire-id="copd-daily"]')).toHaveAttribute('data-due', 'false');
  await expectNoSeriousAxeViolations(page);

  const clinician = await browser.newContext();
  try {
    const board = await clinician.newPage();
    await logIn(board, CLINICIAN, '/board');
    const alert = board.locator(`[data-patient-id="${patientId}"][data-severity="red"]`).filter({ hasText: 'Hovedsymptomer, der er værre: 2 af 3' });
    // The board loads every patient and the alert feed; allow for a busy machine.
    await expect(alert).toBeVisible({ timeout: 15_000 });
    await expect(alert).toContainText('Karen Jensen');
  } finally {
    await clinician.close();
  }
});

test('the CAT-structured weekly score shows the expected total and impact band, and a lost send is kept and resent with the same answers once', async ({ page }) => {
  await logIn(page, PATIENT, '/today');
  const patientId = (await currentUser(page)).patientId ?? '';

  await openQuestionnaire(page, 'cat-weekly');
  await expect(page.getByRole('heading', { name: 'Spørgsmål 1 af 8' })).toBeVisible();
  await expect(page.getByRole('radio', { name: '0 – Ingen hoste' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  const values = [2, 3, 1, 4, 2, 1, 3, 2];
  for (const [i, value] of values.entries()) await answer(page, String(value), i === values.length - 1 ? 'Se dine svar' : 'Næste');
  await expect(page.getByRole('heading', { name: 'Tjek dine svar' })).toBeVisible();

  // The first send is lost on the way; the retry must carry the same id and answers.
  const sent: QuestionnaireResponseInput[] = [];
  let dropNext = true;
  await page.route('**/api/questionnaire-responses', async (route) => {
    sent.push(route.request().postDataJSON() as QuestionnaireResponseInput);
    if (dropNext) {
      dropNext = false;
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  await page.getByRole('button', { name: 'Send svar' }).click();
  // Kept on the phone with the score and triage worked out there (the shared engine), until the server answers.
  const result = page.locator('[data-response-id]');
  await expect(result).toHaveAttribute('data-provisional', 'true');
  await expect(result).toContainText('Dine svar er gemt på telefonen og venter på at blive sendt');
  await expect(result).toContainText('KOL-score: 18 af 40');
  await page.getByRole('button', { name: 'Send nu' }).click();

  await expect(result).toHaveAttribute('data-provisional', 'false');
  await expect(result).toContainText('Modtaget af Naer kl.');
  await expect(result).toContainText('KOL-score: 18 af 40');
  await expect(result).toContainText('Middel påvirkning');
  await expect(result).toContainText('Din KOL påvirker din hverdag en del.');
  expect(sent).toHaveLength(2);
  expect(sent[1]).toEqual(sent[0]);
  await expectNoSeriousAxeViolations(page);

  const stored = await storedResponse(page, patientId, 'cat-weekly');
  expect(stored).toMatchObject({ id: sent[0]?.id, score: 18, band: { code: 'medium' }, triage: { level: 'green' } });
  await expect(result).toHaveAttribute('data-level', stored?.triage.level ?? '');
  await expect(result).toContainText('Alt ser fint ud');
});

test('the monthly involvement question: due in the app, answered in one step, stored as the score without an assessment or alert, and not due again this month', async ({ page }) => {
  await logIn(page, PATIENT, '/today');
  const patientId = (await currentUser(page)).patientId ?? '';

  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Spørgeskemaer' }).click();
  const entry = page.locator('[data-questionnaire-id="involvement-monthly"]');
  await expect(entry).toHaveAttribute('data-due', 'true');
  await expect(entry).toContainText('En gang om måneden · 1 spørgsmål');
  await expect(page.getByRole('region', { name: 'Skal besvares' }).locator('[data-questionnaire-id="involvement-monthly"]')).toBeVisible();
  await openQuestionnaire(page, 'involvement-monthly');
  await expect(page.getByRole('heading', { name: 'Din oplevelse af behandlingen', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Spørgsmål 1 af 1' })).toBeVisible();
  const question = page.getByRole('group', { name: 'Føler du dig inddraget i din behandling?' });
  for (const option of ['Slet ikke', 'I ringe grad', 'I nogen grad', 'I høj grad', 'I meget høj grad']) await expect(question.getByRole('radio', { name: option, exact: true })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await answer(page, 'I høj grad', 'Se dine svar');
  await expect(page.getByRole('listitem').filter({ hasText: 'Føler du dig inddraget' })).toContainText('I høj grad');

  const posted = page.waitForResponse((r) => r.url().endsWith('/api/questionnaire-responses') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Send svar' }).click();
  const response = await posted;
  expect(response.status()).toBe(201);
  const sent = (await response.json()) as QuestionnaireResponse;

  // Experience, not symptoms: no colour and no "everything looks fine", just thanks and what the answer is for.
  const result = page.locator(`[data-response-id="${sent.id}"]`);
  await expect(result).toContainText('Dine svar er modtaget');
  await expect(result).toContainText('Dit svar hjælper os med at gøre behandlingen bedre');
  await expect(result).toContainText('Inddragelse: 4 af 5');
  await expect(result).not.toContainText('Alt ser fint ud');
  await expect(result.locator('.badge')).toHaveCount(0);
  await expectNoSeriousAxeViolations(page);

  const stored = await storedResponse(page, patientId, 'involvement-monthly');
  expect(stored).toMatchObject({ id: sent.id, questionnaireId: 'involvement-monthly', version: 1, score: 4, answers: { involved: 4 }, triage: { level: 'green' } });

  await page.getByRole('link', { name: 'Tilbage til spørgeskemaer' }).first().click();
  await expect(page.locator('[data-questionnaire-id="involvement-monthly"]')).toHaveAttribute('data-due', 'false');
});
