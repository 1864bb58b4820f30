import { defineConfig } from '@playwright/test';

// The release build in dist/ is served on loopback by Python's static server, the same files a
// host would copy. Debian's Chromium is used; Playwright's own browser download is never needed.
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  reporter: [['list']],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      ],
    },
  },
  // The day at the page's largest settings keeps one core busy for minutes: it runs after the
  // other specs, so that their waits are not measured against it.
  projects: [
    { name: 'app', testIgnore: /scale\.spec\.ts/ },
    { name: 'scale', testMatch: /scale\.spec\.ts/, dependencies: ['app'] },
  ],
  webServer: {
    command: `python3 -m http.server ${port} --bind 127.0.0.1 --directory dist`,
    url: `http://127.0.0.1:${port}/index.html`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'ignore',
  },
});
