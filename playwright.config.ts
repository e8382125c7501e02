import { resolve } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// NAER_E2E_PORT lets two runs (or a running dev server) coexist on one machine.
const port = Number(process.env.NAER_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

// Workers re-evaluate this file; the env var keeps one data dir per run.
const dataDir = (process.env.NAER_E2E_DATA_DIR ??= resolve(import.meta.dirname, '.tmp', `e2e-${Date.now()}`));

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  // 2 cores: the server and one browser at a time.
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--use-fake-device-for-media-stream',
            '--use-fake-ui-for-media-stream',
          ],
        },
      },
    },
  ],
  webServer: {
    // The real server serving the built PWA (`npm run build` first), on a fresh embedded database.
    command: 'node --import tsx server/src/main.ts',
    cwd: import.meta.dirname,
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
    },
    url: `${baseURL}/api/health`,
    // First start migrates and seeds the demo year; on a loaded 2-core CI machine that can take minutes.
    timeout: 300_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    stderr: 'pipe',
  },
});
