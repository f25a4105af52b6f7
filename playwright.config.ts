// End-to-end tests of the renderer against browser mode (the real lab service over loopback HTTP/WebSocket), in
// Debian's Chromium. The host is started by webServer (tests/e2e/web-server.ts builds the renderer first).
import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './tests/e2e/chromium.js';
import { E2E_PORT } from './tests/e2e/server-info.js';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  // scripts/test-all.js reads the JSON report (PLAYWRIGHT_JSON_OUTPUT_NAME); locally the list is enough.
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    viewport: { width: 1600, height: 1000 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    acceptDownloads: true,
    launchOptions: CHROMIUM_LAUNCH,
  },
  webServer: {
    command: 'node --import tsx tests/e2e/web-server.ts',
    url: `http://127.0.0.1:${E2E_PORT}/api/listLibrary`,
    // Without the token the host answers 401, which Playwright counts as "up".
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
