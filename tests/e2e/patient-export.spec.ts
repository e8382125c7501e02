import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { currentUser, expectNoSeriousAxeViolations, logIn } from './helpers';

// Karen Jensen, the demo's COPD patient: her own copy from "Mine data", both files.
const KAREN = 'patient@demo.naer.dk';

interface Bundle {
  resourceType: string;
  type: string;
  entry: Array<{ fullUrl: string; resource: { resourceType: string; id: string } }>;
}

test('Karen downloads her data from Mine data as FHIR and as a readable Danish summary', async ({ page }) => {
  await logIn(page, KAREN, '/today');
  const me = await currentUser(page);
  await page.goto('/my-data');
  await expect(page.getByText(/^Henter/)).toHaveCount(0);

  const section = page.getByRole('region', { name: 'Tag dine data med' });
  await expect(section).toBeVisible();
  await expect(section).toContainText('en pårørende eller en ny læge');
  await expect(section).toContainText('Til et andet system');

  const [json] = await Promise.all([page.waitForEvent('download'), section.getByRole('link', { name: 'Hent data til et andet system (FHIR)' }).click()]);
  expect(json.suggestedFilename()).toMatch(/^naer-karen-jensen-\d{4}-\d{2}-\d{2}\.json$/);
  const bundle = JSON.parse(await readFile((await json.path()) ?? '', 'utf8')) as Bundle;
  expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
  expect(bundle.entry[0]?.resource).toMatchObject({ resourceType: 'Patient', id: me.patientId });
  expect(bundle.entry.filter((e) => e.resource.resourceType === 'Observation').length).toBeGreaterThan(10);

  const [html] = await Promise.all([page.waitForEvent('download'), section.getByRole('link', { name: 'Hent en oversigt, du kan læse' }).click()]);
  expect(html.suggestedFilename()).toMatch(/^naer-karen-jensen-\d{4}-\d{2}-\d{2}\.html$/);
  const summary = await readFile((await html.path()) ?? '', 'utf8');
  expect(summary).toContain('<html lang="da">');
  expect(summary).toContain('Karen Jensen');
  expect(summary).not.toMatch(/<script/i);

  await expectNoSeriousAxeViolations(page);

  // The summary itself is readable by assistive technology too, opened as a page on its own.
  await page.setContent(summary);
  await expect(page.getByRole('heading', { level: 1, name: 'Dine data fra Naer' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  // Her downloads show in her access log.
  await page.goto('/access-log');
  await page.getByLabel('Vis også det, jeg selv har gjort').check();
  await expect(page.getByText('hentede en kopi af alle dine data').first()).toBeVisible();
});
