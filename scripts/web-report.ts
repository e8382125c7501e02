/**
 * Web build report: gzipped JS/CSS of the built app (all, and what the patient's first load of /today
 * fetches), and time to a usable /today in Chromium on an emulated slow connection (1.6 Mbit/s down,
 * 750 kbit/s up, 150 ms RTT), cold and warm (from the service worker).
 *
 * Usage: `npm run build`, start the server with the demo seed, then `npm run report:web`
 * (BASE_URL defaults to http://127.0.0.1:3000).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const BUILD = join(import.meta.dirname, '..', 'web', 'build');
const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const EMAIL = process.env.REPORT_EMAIL ?? 'patient@demo.naer.dk';
const PASSWORD = process.env.REPORT_PASSWORD ?? 'naer-demo';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

const files = walk(BUILD);
const total = (ext: string) => files.filter((f) => f.endsWith(ext)).reduce((sum, f) => sum + gz(f), 0);
console.log(`All JS (gzip):  ${kb(total('.js'))}`);
console.log(`All CSS (gzip): ${kb(total('.css'))}`);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Sign in on a fast connection; the figures below are for opening /today.
  await page.goto(`${BASE_URL}/login`);
  await page.getByRole('textbox', { name: 'E-mail' }).fill(EMAIL);
  await page.getByLabel('Adgangskode').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  await page.waitForURL('**/today');
  await page.evaluate(async () => navigator.serviceWorker.ready);

  const measure = async (label: string, bypassServiceWorker: boolean) => {
    const p = await context.newPage();
    const cdp = await context.newCDPSession(p);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: bypassServiceWorker });
    await cdp.send('Network.setBypassServiceWorker', { bypass: bypassServiceWorker });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    const assets = new Set<string>();
    p.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.endsWith('.js') || path.endsWith('.css')) assets.add(path);
    });
    const start = Date.now();
    await p.goto(`${BASE_URL}/today`);
    await p.getByRole('button', { name: 'Send – Puls' }).waitFor();
    console.log(`${label}: usable /today in ${Date.now() - start} ms`);
    await p.close();
    return assets;
  };

  const assets = await measure('Cold (no service worker, no HTTP cache)', true);
  const local = [...assets].map((a) => join(BUILD, a)).filter((f) => files.includes(f));
  const js = local.filter((f) => f.endsWith('.js'));
  const css = local.filter((f) => f.endsWith('.css'));
  console.log(`Patient first load of /today: JS ${kb(js.reduce((s, f) => s + gz(f), 0))} gzip (${js.length} files), CSS ${kb(css.reduce((s, f) => s + gz(f), 0))} gzip`);
  for (const f of local) console.log(`  ${relative(BUILD, f)}  ${kb(gz(f))}`);
  await measure('Warm (from the service worker)', false);
} finally {
  await browser.close();
}
