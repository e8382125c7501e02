import { AxeBuilder } from '@axe-core/playwright';
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { Measurement, SessionUser } from '@naer/shared/contracts';

export const DEMO_PASSWORD = 'naer-demo';
export const CLINICIAN = 'hospital@demo.naer.dk';

/** Logs in through the form, as a person would, and waits for the role's start page. */
export async function logIn(page: Page, email: string, landing: '/today' | '/board'): Promise<void> {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'E-mail' }).fill(email);
  await page.getByLabel('Adgangskode').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  await expect(page).toHaveURL(landing);
}

/** The signed-in user of the page's browser context. */
export async function currentUser(page: Page): Promise<SessionUser> {
  const response = await page.request.get('/api/auth/me');
  expect(response.status()).toBe(200);
  return ((await response.json()) as { user: SessionUser }).user;
}

/** Types an SpO2 reading on /today, sends it and returns the stored measurement. */
export async function submitSpo2(today: Page, value: string): Promise<Measurement> {
  await today.getByRole('textbox', { name: /Iltmætning/ }).fill(value);
  const posted = today.waitForResponse((r) => r.url().endsWith('/api/measurements') && r.request().method() === 'POST');
  await today.getByRole('button', { name: 'Send – Iltmætning' }).click();
  const response = await posted;
  expect(response.status()).toBe(201);
  return (await response.json()) as Measurement;
}

/** The board's feed entry for one red alert, updated by one particular measurement. */
export function redAlertFor(board: Page, patientId: string, measurementId: string) {
  return board.locator(`[data-severity="red"][data-patient-id="${patientId}"][data-last-measurement-id="${measurementId}"]`);
}

export async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `${page.url()} has accessibility violations`).toEqual([]);
}
