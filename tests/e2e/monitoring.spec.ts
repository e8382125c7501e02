import { expect, test } from '@playwright/test';
import { CLINICIAN, expectNoSeriousAxeViolations, logIn } from './helpers';

// A stable demo patient no other spec uses, so pausing and reviewing here changes nobody else's data.
const PATIENT_NAME = 'Poul Sørensen';
const COLLEAGUE = 'laege@demo.naer.dk';

// Two browser contexts, two logins and axe checks: more than the default 30 s on a 2-core machine.
test.describe.configure({ timeout: 90_000 });

test('a clinician pauses monitoring from the patient page, the board shows it live, and resumes it', async ({ browser }) => {
  const nurseContext = await browser.newContext();
  const colleagueContext = await browser.newContext();
  try {
    const colleague = await colleagueContext.newPage();
    await logIn(colleague, COLLEAGUE, '/board');
    await expect(colleague.locator('[data-connection="live"]')).toBeVisible();
    const colleagueRow = colleague.locator('tr', { has: colleague.getByRole('link', { name: PATIENT_NAME, exact: true }) });

    const page = await nurseContext.newPage();
    await logIn(page, CLINICIAN, '/board');
    await page.getByRole('link', { name: PATIENT_NAME, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: PATIENT_NAME })).toBeVisible();
    await expect(page.locator('[data-connection="live"]')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Grænser' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Beskeder' })).toBeVisible();

    const panel = page.getByTestId('pause-panel');
    await expect(panel.locator('[data-pause-status="running"]')).toBeVisible();
    await page.getByRole('button', { name: 'Sæt monitorering på pause' }).click();
    // The form opens with focus on the first choice, so a keyboard user can go on from there.
    await expect(page.getByRole('radio', { name: 'Indlagt' })).toBeFocused();

    // "Andet" needs a note: the form says so instead of sending.
    await page.getByRole('radio', { name: 'Andet' }).check();
    await page.getByRole('button', { name: 'Sæt på pause', exact: true }).click();
    await expect(panel.getByRole('alert')).toContainText('Skriv kort hvorfor');
    await expect(page.getByLabel('Bemærkning')).toHaveAttribute('aria-invalid', 'true');

    await page.getByRole('radio', { name: 'Ferie' }).check();
    await page.getByLabel('Bemærkning').fill('Sommerhus i Skagen');
    await expectNoSeriousAxeViolations(page);
    await page.getByRole('button', { name: 'Sæt på pause', exact: true }).click();

    await expect(panel.locator('[data-pause-status="active"]')).toContainText('Sat på pause til');
    await expect(panel).toContainText('Sommerhus i Skagen');
    await expect(page.locator('.facts [data-paused-until]')).toBeVisible();
    // The colleague's board shows the pause without a reload.
    await expect(colleagueRow.locator('[data-paused-until]')).toBeVisible();

    await page.getByRole('button', { name: 'Genoptag monitorering nu' }).click();
    await expect(panel.locator('[data-pause-status="running"]')).toBeVisible();
    await expect(page.locator('.facts [data-paused-until]')).toHaveCount(0);
    await expect(colleagueRow.locator('[data-paused-until]')).toHaveCount(0);
  } finally {
    await nurseContext.close();
    await colleagueContext.close();
  }
});

test('a clinician marks one reading reviewed, then all the rest, and a colleague sees it live', async ({ browser }) => {
  const nurseContext = await browser.newContext();
  const colleagueContext = await browser.newContext();
  try {
    const page = await nurseContext.newPage();
    await logIn(page, CLINICIAN, '/board');
    await page.getByRole('link', { name: PATIENT_NAME, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: PATIENT_NAME })).toBeVisible();
    const patientUrl = page.url();

    const colleague = await colleagueContext.newPage();
    await logIn(colleague, COLLEAGUE, '/board');
    await colleague.goto(patientUrl);
    await expect(colleague.locator('[data-connection="live"]')).toBeVisible();

    const first = page.locator('tr[data-level="green"][data-reviewed="false"]').first();
    const id = await first.getAttribute('data-measurement-id');
    await first.getByRole('button', { name: /^Markér som set/ }).click();
    const row = page.locator(`tr[data-measurement-id="${id}"]`);
    await expect(row).toHaveAttribute('data-reviewed', 'true');
    await expect(row).toContainText('Set af Hanne Holm');
    await expect(colleague.locator(`tr[data-measurement-id="${id}"]`)).toContainText('Set af Hanne Holm');

    await page.getByRole('button', { name: /^Markér alle som set/ }).click();
    await expect(page.getByTestId('unreviewed')).toHaveText('Alle grønne og tvivlsomme målinger er set.');
    await expect(page.locator('tr[data-level="green"][data-reviewed="false"]')).toHaveCount(0);
    await expect(colleague.getByTestId('unreviewed')).toHaveText('Alle grønne og tvivlsomme målinger er set.');
    await expectNoSeriousAxeViolations(page);
  } finally {
    await nurseContext.close();
    await colleagueContext.close();
  }
});
