import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { logIn } from './helpers';

const PATIENT = 'patient@demo.naer.dk';
const REMEMBERED = 'naer.offline-user';

const preloads = (html: string) => [...html.matchAll(/<link href="([^"]+)" rel="modulepreload">/g)].map((m) => m[1] ?? '');

test('the /today shell preloads the page\u2019s code, and every file comes compressed and cached as immutable', async ({ request }) => {
  const today = await request.get('/today', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
  expect(today.status()).toBe(200);
  expect(today.headers()['content-encoding']).toBe('br');
  expect(today.headers()['cache-control']).toBe('no-cache');
  const board = await request.get('/board', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
  const todayHtml = await today.text();
  const todayFiles = preloads(todayHtml);
  // The server's CSP is computed from index.html: it must allow the inline script of this shell too.
  const inline = [...todayHtml.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => createHash('sha256').update(m[1] ?? '').digest('base64'));
  expect(inline.length).toBeGreaterThan(0);
  for (const hash of inline) expect(today.headers()['content-security-policy']).toContain(`'sha256-${hash}'`);
  const boardFiles = preloads(await board.text());
  // The generic shell only knows the root layout; /today's also names its page and layout.
  expect(todayFiles.length).toBeGreaterThan(boardFiles.length);
  for (const file of boardFiles) expect(todayFiles).toContain(file);
  for (const file of todayFiles) {
    const res = await request.get(file, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.status(), file).toBe(200);
    expect(res.headers()['content-encoding'], file).toBe('br');
    expect(res.headers()['content-type'], file).toBe('text/javascript; charset=utf-8');
    expect(res.headers()['cache-control'], file).toBe('public, max-age=31536000, immutable');
  }
});

test('a patient signed in on this device gets the entry cards before the server has answered who is signed in', async ({ page }) => {
  test.setTimeout(60_000);
  await logIn(page, PATIENT, '/today');
  let answered = false;
  await page.route('**/api/auth/me', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    answered = true;
    await route.continue().catch(() => undefined);
  });
  await page.reload();
  await expect(page.getByRole('button', { name: 'Send – Puls' })).toBeVisible({ timeout: 6_000 });
  expect(answered).toBe(false);
  // The answer still comes and keeps the patient signed in.
  await expect.poll(() => answered, { timeout: 15_000 }).toBe(true);
  await expect(page).toHaveURL('/today');
});

test('a patient remembered on this device whose session ended on the server is sent to the login page and forgotten', async ({ page }) => {
  await logIn(page, PATIENT, '/today');
  expect(await page.evaluate((key) => localStorage.getItem(key), REMEMBERED)).not.toBeNull();
  // The session ends elsewhere (signed out on another device, expired): the device still remembers the patient.
  expect((await page.request.post('/api/auth/logout')).status()).toBe(204);
  await page.reload();
  await expect(page).toHaveURL('/login', { timeout: 10_000 });
  expect(await page.evaluate((key) => localStorage.getItem(key), REMEMBERED)).toBeNull();
  await expect(page.getByRole('button', { name: 'Log ud' })).toHaveCount(0);
});
