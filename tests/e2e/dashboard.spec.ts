import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { CLINICIAN, expectNoSeriousAxeViolations, logIn } from './helpers';

const ADMIN = 'admin@demo.naer.dk';
const PATIENT = 'patient@demo.naer.dk';
const AIMS = ['population', 'quality', 'cost'] as const;

const danishToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(new Date());
const daysBefore = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

async function openDashboard(page: Page) {
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Tal og tendenser' }).click();
  await expect(page).toHaveURL('/dashboard');
  await expect(page.getByRole('heading', { level: 1, name: 'Tal og tendenser' })).toBeVisible();
  await expect(page.getByTestId('dashboard-results')).toHaveAttribute('aria-busy', 'false');
}

/** A value cell as a person reads it, in the CSV's terms: "ingen data" is empty, the decimal comma a point. */
function normalise(cell: string): string {
  const text = cell.replace(/\s+/g, ' ').trim();
  if (text.includes('ingen data')) return '';
  if (text === '< 5') return text;
  return text.replaceAll('.', '').replace(',', '.');
}

const cellText = async (row: Locator, column: 'current' | 'previous') => normalise(await row.locator(`td[data-column="${column}"]`).innerText());

/** RFC 4180: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

test('a hospital nurse sees the three aims drawn and tabled, and the filters in the URL change the figures', async ({ page }) => {
  await logIn(page, CLINICIAN, '/board');
  const requests: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/dashboard') requests.push(r.url());
  });
  await openDashboard(page);

  // The default: the last quarter (91 days ending today), all programmes, no partner.
  const today = danishToday();
  await expect.poll(() => requests.length).toBeGreaterThan(0);
  const first = new URL(requests[requests.length - 1] ?? '');
  expect(first.searchParams.get('from')).toBe(daysBefore(today, 90));
  expect(first.searchParams.get('to')).toBe(today);
  expect(first.searchParams.has('programme')).toBe(false);
  await expect(page.getByLabel('Periode')).toHaveValue('quarter');

  for (const [aim, title] of [['population', 'Befolkningens sundhed'], ['quality', 'Kvalitet for patienten'], ['cost', 'Omkostning pr. patient']] as const) {
    const section = page.locator(`section[data-aim="${aim}"]`);
    await expect(section.getByRole('heading', { level: 2, name: title })).toBeVisible();
    // uPlot draws on a canvas hidden from assistive technology; the table and a summary carry the figures.
    const canvas = section.locator(`[data-chart="chart-${aim}"] canvas`).first();
    await expect(canvas).toBeVisible();
    const size = await canvas.evaluate((c: HTMLCanvasElement) => ({ width: c.width, height: c.height, hidden: c.closest('[aria-hidden="true"]') !== null }));
    expect(size.width).toBeGreaterThan(0);
    expect(size.height).toBeGreaterThan(0);
    expect(size.hidden).toBe(true);
    await expect(section.locator(`#chart-${aim}-summary`)).toContainText('tabellen nedenfor');
    await expect(section.getByRole('table', { name: `${title}: denne periode og forrige periode` })).toBeVisible();
  }
  // The nurse is on the care team: names show, lowest adherence first, each leading to the patient's page.
  const names = page.getByTestId('adherence-list').getByRole('link');
  await expect(names.first()).toHaveAttribute('href', /^\/patients\/[0-9a-f-]{36}$/);

  const period = page.getByTestId('dashboard-period');
  await expect(period).toContainText('sammenlignet med');
  const quarterText = await period.innerText();
  const patientMonths = page.locator('tr[data-key="population.patientMonths"]');
  const quarterMonths = await cellText(patientMonths, 'current');

  // Seneste uge: 7 days ending today, a new URL (shareable), other figures.
  await page.getByLabel('Periode').selectOption('week');
  await expect(page).toHaveURL('/dashboard?period=week');
  await expect(period).not.toHaveText(quarterText);
  await expect.poll(() => new URL(requests[requests.length - 1] ?? '').searchParams.get('from')).toBe(daysBefore(today, 6));
  await expect.poll(() => cellText(patientMonths, 'current')).not.toBe(quarterMonths);

  // KOL only: the programme goes to the API and changes who is counted.
  const enrolled = page.locator('tr[data-key="population.enrolledPatients"]');
  const allEnrolled = await cellText(enrolled, 'current');
  await page.getByLabel('Forløb').selectOption('copd');
  await expect(page).toHaveURL('/dashboard?period=week&programme=copd');
  await expect.poll(() => new URL(requests[requests.length - 1] ?? '').searchParams.get('programme')).toBe('copd');
  await expect.poll(() => cellText(enrolled, 'current')).not.toBe(allEnrolled);

  // The back button returns to the figures before the last choice.
  await page.goBack();
  await expect(page).toHaveURL('/dashboard?period=week');
  await expect(page.getByLabel('Forløb')).toHaveValue('');
  await expect.poll(() => cellText(enrolled, 'current')).toBe(allEnrolled);

  // A custom period the wrong way round is explained beside the dates, and nothing is asked of the server.
  await page.getByLabel('Periode').selectOption('custom');
  await page.getByLabel('Fra og med').fill('2026-10-02');
  await page.getByLabel('Til og med').fill('2026-10-01');
  await page.getByRole('button', { name: 'Vis perioden' }).click();
  const error = page.getByTestId('period-error');
  await expect(error).toHaveText(/Fra-datoen skal ligge før eller på til-datoen/);
  await expect(page.getByLabel('Fra og med')).toHaveAttribute('aria-describedby', 'dashboard-period-error');
  await expectNoSeriousAxeViolations(page);
});

test('the CSV holds the same rows and values as the tables', async ({ page }) => {
  await logIn(page, CLINICIAN, '/board');
  await openDashboard(page);

  const link = page.getByRole('link', { name: 'Hent CSV' });
  const href = new URL((await link.getAttribute('href')) ?? '', 'http://x');
  expect(href.pathname).toBe('/api/dashboard.csv');
  expect(href.searchParams.get('lang')).toBe('da');
  expect(href.searchParams.get('to')).toBe(danishToday());
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const csv = parseCsv(await readFile((await download.path()) ?? '', 'utf8'));
  expect(csv[0]).toEqual(['Mål', 'Måltal', 'Denne periode', 'Forrige periode', 'Enhed']);

  const table: string[][] = [];
  for (const aim of AIMS) {
    const section = page.locator(`section[data-aim="${aim}"]`);
    const heading = (await section.getByRole('heading', { level: 2 }).innerText()).trim();
    for (const row of await section.locator('table[data-testid="dashboard-table"] tbody tr').all()) {
      table.push([heading, (await row.locator('th .label').innerText()).trim(), await cellText(row, 'current'), await cellText(row, 'previous')]);
    }
  }
  const rows = csv.slice(1).map(([aim, label, current, previous]) => [aim, label, current, previous]);
  expect(rows.length).toBeGreaterThan(20);
  expect(rows).toEqual(table);
});

test('the page passes axe with figures on screen, in Danish and in English', async ({ page }) => {
  await logIn(page, CLINICIAN, '/board');
  await openDashboard(page);
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Figures and trends' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', /lang=en/);
  await expect(page.getByTestId('dashboard-period')).toContainText('compared with');
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('button', { name: 'Dansk' }).click();
});

test('an administrator opens the dashboard from the admin navigation and sees every organisation', async ({ page }) => {
  await logIn(page, ADMIN, '/board');
  await openDashboard(page);
  await expect(page.getByText('Tal for alle organisationer.')).toBeVisible();
  await expect(page.getByLabel('Organisation', { exact: true })).toHaveValue('');
  for (const aim of AIMS) await expect(page.locator(`[data-chart="chart-${aim}"] canvas`).first()).toBeVisible();
});

test('a patient is refused: the API answers 403 and the page is not theirs', async ({ page }) => {
  await logIn(page, PATIENT, '/today');
  expect((await page.request.get('/api/dashboard')).status()).toBe(403);
  expect((await page.request.get('/api/dashboard.csv?lang=da')).status()).toBe(403);
  await page.goto('/dashboard');
  await expect(page).toHaveURL('/today');
});
