import { expect, test } from '@playwright/test';
import type { PatientList } from '@naer/shared';
import { CLINICIAN, logIn } from './helpers';

test('the board shows counts per status and finds a patient by name, and by the start of the id', async ({ page }) => {
  await logIn(page, CLINICIAN, '/board');
  const rows = page.locator('tbody tr[data-patient-id]');
  await expect(rows.first()).toBeVisible();
  const api = (await (await page.request.get('/api/patients')).json()) as PatientList;

  // The counts and "showing n of total" agree with the API; the whole demo board fits one page.
  const counts = page.getByTestId('board-counts');
  await expect(counts.locator('li[data-level="red"]')).toHaveAttribute('data-count', String(api.counts.red));
  await expect(page.getByTestId('board-showing')).toContainText(`${api.items.length} af ${api.counts.total}`);
  await expect(rows).toHaveCount(api.items.length);
  await expect(page.getByTestId('board-more')).toHaveCount(0);

  const search = page.getByRole('searchbox', { name: 'Søg patient' });
  await search.fill('birthe');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Birthe Hansen');
  await expect(page.getByTestId('board-showing')).toContainText('»birthe«');

  const karen = api.items.find((p) => p.name === 'Karen Jensen');
  expect(karen).toBeDefined();
  await search.fill(karen?.id.slice(0, 8) ?? '');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-patient-id', karen?.id ?? '');

  await search.fill('ingen-med-det-navn');
  await expect(rows).toHaveCount(0);
  await expect(page.getByText('Ingen patienter matcher »ingen-med-det-navn«.')).toBeVisible();

  await search.fill('');
  await expect(rows).toHaveCount(api.items.length);
});
