import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { expectNoSeriousAxeViolations, logIn } from './helpers';

const ADMIN = 'admin@demo.naer.dk';

/** A licensed-style definition with a fresh id; `english: false` leaves out the English question text. */
function definition(id: string, english = true) {
  return {
    id,
    version: 1,
    title: { da: 'Licenseret testskema', en: 'Licensed test questionnaire' },
    programmes: ['heart_failure'],
    cadence: 'weekly',
    items: [
      {
        id: 'breath',
        type: 'scale',
        text: english ? { da: 'Hvor forpustet?', en: 'How breathless?' } : { da: 'Hvor forpustet?' },
        label: { da: 'Åndenød', en: 'Breathlessness' },
        min: 0,
        max: 5,
        minText: { da: 'Slet ikke', en: 'Not at all' },
        maxText: { da: 'Meget', en: 'Very' },
      },
    ],
    scoring: { type: 'sum' },
    triage: [{ type: 'score', code: 'high', op: 'ge', value: 4, level: 'yellow' }],
  };
}

test('an administrator loads licensed wording from a file, sees a refusal in plain words, and retires the version', async ({ page }) => {
  const id = `e2e-${randomUUID().slice(0, 8)}`;
  await logIn(page, ADMIN, '/board');
  await page.getByRole('navigation').getByRole('link', { name: 'Spørgeskemaer' }).click();
  await expect(page).toHaveURL('/admin/questionnaires');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Spørgeskemaer og licenseret ordlyd');
  await expect(page.locator('[data-questionnaire-id="cat-weekly"]')).toContainText('Indbygget');
  await expect(page.locator('[data-questionnaire-id="involvement-monthly"] td[data-cadence]')).toHaveText('Månedligt');

  // Pasted text without the English question: refused, and the message says where and what in Danish.
  await page.getByLabel('Eller indsæt definitionen (JSON)').fill(JSON.stringify(definition(id, false)));
  await page.getByRole('button', { name: 'Indlæs', exact: true }).click();
  const refusal = page.getByRole('alert');
  await expect(refusal).toContainText('Spørgsmål 1 (breath): text.en');
  await expect(refusal).toContainText('mangler engelsk tekst');

  // The complete definition from a file.
  await page.getByLabel('Vælg en JSON-fil').setInputFiles({ name: `${id}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(definition(id))) });
  await expect(page.getByText(`Indholdet af ${id}.json er sat ind nedenfor.`)).toBeVisible();
  await page.getByRole('button', { name: 'Indlæs', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'er indlæst' })).toHaveText(/Licenseret testskema version 1 er indlæst/);
  const loaded = page.locator(`[data-questionnaire-id="${id}"]`);
  await expect(loaded.locator('tr[data-version="1"]')).toContainText('I brug');
  await expectNoSeriousAxeViolations(page);

  await loaded.getByRole('button', { name: 'Træk version 1 tilbage' }).click();
  await loaded.getByRole('button', { name: 'Ja, træk tilbage' }).click();
  await expect(loaded.locator('tr[data-version="1"]')).toContainText('Trukket tilbage');
  await expect(loaded.getByRole('button', { name: 'Træk version 1 tilbage' })).toHaveCount(0);
});
