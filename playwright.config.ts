import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/** Debian's Chromium: Playwright downloads no browser on these machines. */
const chromium = process.env['PIPEWRIGHT_CHROMIUM'] ?? '/usr/bin/chromium';
const port = Number(process.env['PIPEWRIGHT_E2E_PORT'] ?? 47913);
export const E2E_TOKEN = 'e2e-token-not-secret';

if (!existsSync(chromium)) {
  throw new Error(`Chromium not found at ${chromium}: install it (apt-get install -y chromium) or set PIPEWRIGHT_CHROMIUM`);
}

export default defineConfig({
  testDir: 'playwright',
  outputDir: 'playwright/output',
  forbidOnly: !!process.env['CI'],
  retries: 0,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: {
    command: `node electron/cli/start.ts --browser --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    env: { PIPEWRIGHT_TOKEN: E2E_TOKEN },
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
