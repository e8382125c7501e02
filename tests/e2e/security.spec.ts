import { expect, test } from '@playwright/test';
import type { ConsoleMessage, Page } from '@playwright/test';
import { CLINICIAN, currentUser, logIn } from './helpers';

/**
 * The built app under its real headers in Chromium: the Content-Security-Policy (header and
 * SvelteKit's meta tag) lets everything the app does through, and nothing else; a cross-site form
 * cannot act with the user's session.
 */

interface Watch {
  violations: string[];
  warnings: string[];
}

/** Records CSP violations (from the page's own event) and console complaints about policies. */
async function watch(page: Page): Promise<Watch> {
  const seen: Watch = { violations: [], warnings: [] };
  await page.exposeFunction('reportViolation', (text: string) => seen.violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportViolation: (t: string) => void }).reportViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on('console', (message: ConsoleMessage) => {
    if (/Content Security Policy|Permissions-Policy|Refused to/i.test(message.text())) seen.warnings.push(`${message.type()}: ${message.text()}`);
  });
  return seen;
}

const PAGES_FOR = {
  clinician: ['/board', '/enrol'],
  patient: ['/today', '/messages', '/relatives', '/access-log'],
};

test('the app loads, signs in, goes live and shows every start page with no policy violation', async ({ page }) => {
  // Eleven full page loads on a 2-core machine.
  test.setTimeout(180_000);
  const seen = await watch(page);
  await logIn(page, CLINICIAN, '/board');
  // The board's socket (ws: to this origin) is allowed by connect-src 'self'.
  await expect(page.locator('[data-connection]').first()).toHaveAttribute('data-connection', 'live');
  const { patients } = { patients: ((await (await page.request.get('/api/patients')).json()) as { items: Array<{ id: string }> }).items };
  const first = patients[0]?.id;
  for (const path of [...PAGES_FOR.clinician, ...(first ? [`/patients/${first}`, `/patients/${first}/limits`, `/patients/${first}/messages`] : [])]) {
    await page.goto(path);
    await expect(page.locator('main')).toBeVisible();
  }
  await page.context().clearCookies();
  await logIn(page, 'patient@demo.naer.dk', '/today');
  for (const path of PAGES_FOR.patient) {
    await page.goto(path);
    await expect(page.locator('main')).toBeVisible();
  }
  expect(seen.violations).toEqual([]);
  expect(seen.warnings).toEqual([]);
});

test('the CSP header allows exactly the inline script hashes that the page’s meta tag allows', async ({ page }) => {
  const response = await page.request.get('/login');
  const header = response.headers()['content-security-policy'] ?? '';
  const html = await response.text();
  const meta = /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  const hashes = (policy: string) => [...(/script-src ([^;]+)/.exec(policy)?.[1] ?? '').matchAll(/'sha256-[^']+'/g)].map((m) => m[0]).sort();
  expect(hashes(meta).length).toBeGreaterThan(0);
  expect(hashes(header)).toEqual(hashes(meta));
  expect(header).not.toContain('unsafe-inline\' ; script');
  expect(header).toContain("frame-ancestors 'none'");
});

test('a form on another website cannot post to the API with the user’s session', async ({ page }) => {
  await logIn(page, 'patient@demo.naer.dk', '/today');
  const before = await currentUser(page);
  // A page on another site with the classic JSON-in-a-text/plain-form trick.
  await page.route('http://evil.test/', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<form method="post" action="${new URL('/api/measurements', page.url()).href}" enctype="text/plain">
               <input name='{"id":"6f1c1d2e-0000-4000-8000-000000000001","kind":"spo2","value":85,"unit":"%","source":"manual","measuredAt":"2020-01-01T00:00:00Z","x":"' value='"}'>
             </form><script>document.forms[0].submit()</script>`,
    }),
  );
  const posted = page.waitForResponse((r) => r.url().endsWith('/api/measurements') && r.request().method() === 'POST');
  await page.goto('http://evil.test/');
  const response = await posted;
  expect(response.status()).toBe(403);
  // The session is untouched and nothing was stored.
  expect((await currentUser(page)).id).toBe(before.id);
  const readings = await page.request.get(`/api/patients/${before.patientId ?? ''}/measurements?limit=5`);
  expect(JSON.stringify(await readings.json())).not.toContain('6f1c1d2e-0000-4000-8000-000000000001');
});

test('a board whose session ends on the server returns to the login page instead of reconnecting for ever', async ({ page }) => {
  await logIn(page, CLINICIAN, '/board');
  await expect(page.getByText('Live', { exact: false }).first()).toBeVisible();
  // The session ends elsewhere (another tab, a password change): the server closes the socket.
  expect((await page.request.post('/api/auth/logout')).status()).toBe(204);
  await expect(page).toHaveURL('/login', { timeout: 10_000 });
});
