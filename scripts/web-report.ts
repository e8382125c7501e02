/**
 * Web build report: gzipped JS/CSS of the built app, per patient page what a first visit fetches,
 * and time to a usable /today in Chromium on an emulated slow connection (1.6 Mbit/s down,
 * 750 kbit/s up, 150 ms RTT), cold and from the service worker, as the median of several runs.
 *
 * Definitions (printed with the figures):
 * - cold: a fresh browser profile (empty HTTP cache, no service worker, no local storage) holding only
 *   the session cookie, which is set by an API login outside the measured load.
 * - from the service worker: the same signed-in profile after one unthrottled visit to /today has
 *   installed the service worker; a new tab opens /today with the worker in control.
 * - usable: the first manual entry card (Puls) has its input and its "Send – Puls" button visible
 *   and enabled. The (patient) layout renders only once the signed-in user is known: on a cold
 *   load from GET /api/auth/me; on a device where this patient signed in before (the service worker
 *   run), from the remembered user, which /api/auth/me confirms in the background (a 401 signs out).
 *   The time is performance.now() in the page (from navigation start) when that first holds,
 *   checked every animation frame.
 * - Chromium's emulated network applies to the page's own requests, not to fetches the service
 *   worker makes itself; the worker answers the shell and the built files from its cache, and the
 *   waterfall marks what it served, so its figure includes no unthrottled network fetch.
 *
 * Usage: `npm run build`, start the server with the demo seed, then `npm run report:web`
 * (BASE_URL defaults to http://127.0.0.1:3000; REPORT_RUNS sets the runs per mode, default 5).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import type { Browser, BrowserContext, Page } from '@playwright/test';

const BUILD = join(import.meta.dirname, '..', 'web', 'build');
const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const EMAIL = process.env.REPORT_EMAIL ?? 'patient@demo.naer.dk';
const PASSWORD = process.env.REPORT_PASSWORD ?? 'naer-demo';
const RUNS = Math.max(1, Number(process.env.REPORT_RUNS ?? 5));
const PATIENT_PAGES = ['/today', '/my-data', '/questionnaires', '/messages', '/relatives', '/access-log'];
const SLOW = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
};

// Only the build's own files (not the precompressed .gz/.br copies).
const files = walk(BUILD).filter((f) => !f.endsWith('.gz') && !f.endsWith('.br'));
const total = (ext: string) => files.filter((f) => f.endsWith(ext)).reduce((sum, f) => sum + gz(f), 0);

interface ResourceTiming {
  path: string;
  start: number;
  end: number;
  transferred: number;
  fromServiceWorker: boolean;
}

/** A fresh profile holding only the session cookie (API login: no page, no cache, no worker). */
async function signedInContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  const response = await context.request.post(`${BASE_URL}/api/auth/login`, { data: { email: EMAIL, password: PASSWORD } });
  if (!response.ok()) throw new Error(`Login as ${EMAIL} failed: ${response.status()} ${await response.text()}`);
  return context;
}

/**
 * Records, in the page, the first moment the Puls entry card can be used (see the header). A string,
 * not a function: tsx would wrap inner functions in helpers the page does not have.
 */
const WATCH_USABLE = `(() => {
  const visible = (el) => el instanceof HTMLElement && el.offsetParent !== null;
  const check = () => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent.replace(/\\s+/g, '') === 'Send–Puls');
    const input = button && button.form && button.form.querySelector('input');
    if (button && input && visible(button) && visible(input) && !button.disabled && !input.disabled) window.__naerUsableAt = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

interface Run {
  ms: number;
  resources: ResourceTiming[];
  /** Network fetches the service worker made itself during the load (not throttled, so counted). */
  workerFetches: string[];
}

async function timeToUsable(page: Page): Promise<Run> {
  const workerRequests: { path: string; at: number }[] = [];
  page.context().on('request', (r) => {
    if (r.serviceWorker()) workerRequests.push({ path: new URL(r.url()).pathname, at: Date.now() });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW);
  await page.addInitScript(WATCH_USABLE);
  await page.goto(`${BASE_URL}/today`);
  const ms = await (await page.waitForFunction(() => (window as unknown as { __naerUsableAt?: number }).__naerUsableAt, undefined, { timeout: 60_000 })).jsonValue();
  // Cross-check with Playwright's own idea of the same control.
  await page.getByRole('button', { name: 'Send – Puls' }).waitFor();
  const resources = await page.evaluate(() =>
    [performance.getEntriesByType('navigation')[0]!, ...performance.getEntriesByType('resource')].map((e) => {
      const r = e as PerformanceResourceTiming;
      return { path: new URL(r.name).pathname, start: r.startTime, end: r.responseEnd, transferred: r.encodedBodySize, fromServiceWorker: r.workerStart > 0 };
    }),
  );
  // Only what the worker fetched before the page was usable can have helped (or hurt) the figure.
  const usableAt = (await page.evaluate(() => performance.timeOrigin)) + (ms as number);
  const workerFetches = workerRequests.filter((r) => r.at <= usableAt).map((r) => r.path);
  return { ms: Math.round(ms as number), resources, workerFetches };
}

function printWaterfall(resources: ResourceTiming[], usableAt: number): void {
  for (const r of resources.filter((x) => x.start <= usableAt).sort((a, b) => a.start - b.start)) {
    const sw = r.fromServiceWorker ? ' (service worker)' : '';
    console.log(`    ${String(Math.round(r.start)).padStart(5)} → ${String(Math.round(r.end)).padStart(5)} ms  ${kb(r.transferred).padStart(8)}  ${r.path}${sw}`);
  }
  console.log(`    ${String(usableAt).padStart(5)} ms  usable`);
}

async function measure(browser: Browser, label: string, prepare: (context: BrowserContext) => Promise<void>): Promise<void> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await signedInContext(browser);
    try {
      await prepare(context);
      const page = await context.newPage();
      runs.push(await timeToUsable(page));
    } finally {
      await context.close();
    }
  }
  const times = runs.map((r) => r.ms);
  const mid = median(times);
  console.log(`${label}: usable /today median ${mid} ms (runs: ${times.join(', ')} ms)`);
  const typical = runs.reduce((best, r) => (Math.abs(r.ms - mid) < Math.abs(best.ms - mid) ? r : best));
  console.log('  waterfall of the run nearest the median (start → end from navigation start, body bytes received):');
  printWaterfall(typical.resources, typical.ms);
  const fetched = [...new Set(runs.flatMap((r) => r.workerFetches))];
  console.log(`  network fetches by the service worker itself before usable (not throttled): ${fetched.length > 0 ? fetched.join(', ') : 'none'}`);
}

/** What a first visit to each patient page fetches (unthrottled, fresh profile). */
async function pageSizes(browser: Browser): Promise<void> {
  console.log('Patient pages, first visit (JS/CSS gzip -9 of the built files; received = bytes on the wire):');
  let largest = 0;
  for (const path of PATIENT_PAGES) {
    const context = await signedInContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(`${BASE_URL}${path}`);
      await page.waitForLoadState('networkidle');
      const entries = await page.evaluate(() =>
        performance.getEntriesByType('resource').map((e) => ({ path: new URL(e.name).pathname, received: (e as PerformanceResourceTiming).encodedBodySize })),
      );
      const local = entries.filter((e) => /\.(js|css)$/.test(e.path) && files.includes(join(BUILD, e.path)));
      const sum = (ext: string, f: (e: (typeof local)[number]) => number) => local.filter((e) => e.path.endsWith(ext)).reduce((s, e) => s + f(e), 0);
      const js = sum('.js', (e) => gz(join(BUILD, e.path)));
      largest = Math.max(largest, js);
      const count = local.filter((e) => e.path.endsWith('.js')).length;
      console.log(
        `  ${path.padEnd(16)} JS ${kb(js).padStart(9)} (${count} files, received ${kb(sum('.js', (e) => e.received))}), CSS ${kb(sum('.css', (e) => gz(join(BUILD, e.path))))} (received ${kb(sum('.css', (e) => e.received))})`,
      );
    } finally {
      await context.close();
    }
  }
  console.log(`  largest patient page JS: ${kb(largest)} gzip (target ≤ 200 kB)`);
}

console.log(`All JS (gzip):  ${kb(total('.js'))}`);
console.log(`All CSS (gzip): ${kb(total('.css'))}`);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
try {
  await pageSizes(browser);
  console.log(`\nTime to a usable /today at 1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT; ${RUNS} runs per mode.`);
  console.log('usable = the Puls entry card\'s input and "Send – Puls" button visible and enabled; the page renders once the signed-in user is known');
  console.log('         (cold: GET /api/auth/me answered; service worker: the user remembered on this device, confirmed by /api/auth/me afterwards).');
  console.log('cold = fresh profile (empty HTTP cache, no service worker), only the session cookie. Targets: cold < 3000 ms, service worker < 1000 ms.');
  await measure(browser, 'Cold', async () => {});
  await measure(browser, 'From the service worker', async (context) => {
    const page = await context.newPage();
    await page.goto(`${BASE_URL}/today`);
    await page.getByRole('button', { name: 'Send – Puls' }).waitFor();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    });
    await page.close();
  });
} finally {
  await browser.close();
}
