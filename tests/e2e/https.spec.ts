import { test, expect, openApp, openPanel, axeViolations } from './fixtures';
import type { Page } from '@playwright/test';

/** Sets how API requests travel, from the eavesdropper panel (the run starts again). */
async function apiOver(page: Page, label: 'HTTP (plain text)' | 'HTTPS (encrypted)') {
  await page.getByTestId('scheme-api').getByRole('radio', { name: label }).check();
  await expect(page.getByTestId('sim-clock')).toHaveText('Simulated time 0:00:00.000');
}

async function runAnHour(page: Page) {
  // An hour, fast-forwarded: the eavesdropper lists what the last messages carried.
  await page.getByRole('button', { name: '+1 hour', exact: true }).click();
  await expect(page.getByTestId('ff-progress')).toHaveCount(0, { timeout: 30_000 });
}

/** Steps the paused run until the eavesdropper's own log shows `text`. */
async function stepUntilOwnLogShows(page: Page, text: string) {
  const own = page.getByTestId('eaves-own-0');
  await expect.poll(async () => {
    const shown = (await own.count()) > 0 ? await own.textContent() : '';
    if (!shown?.includes(text)) await page.getByRole('button', { name: 'Step', exact: true }).click();
    return shown;
  }, { timeout: 20_000 }).toContain(text);
}

test('over HTTP the eavesdropper reads API keys, over HTTPS only sizes; a stolen key works until rotated', async ({ guarded: page }) => {
  await openApp(page);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveText('Play');
  await openPanel(page, 'Eavesdropper on the network');
  await expect(page.getByTestId('stage-eavesdropper')).toContainText('API: HTTPS, sizes and times');

  await apiOver(page, 'HTTP (plain text)');
  await runAnHour(page);
  await expect(page.getByTestId('stage-eavesdropper')).toContainText('API: HTTP, reads all');
  const captured = page.getByTestId('eaves-captured-0');
  await expect(captured).toContainText('Authorization: Bearer key_test_client_');
  await expect(page.getByTestId('eaves-keys-0')).toContainText('key_test_client_0');

  await apiOver(page, 'HTTPS (encrypted)');
  await runAnHour(page);
  await expect(page.getByTestId('eaves-no-keys-0')).toContainText('encrypted');
  await expect(captured).toContainText('HTTPS: encrypted, only its size and time');
  await expect(captured).toContainText('api.provider.example');
  await expect(captured).not.toContainText('Bearer');

  await apiOver(page, 'HTTP (plain text)');
  await runAnHour(page);
  await page.getByTestId('eaves-use-0-key_test_client_0').click();
  await expect(page.getByTestId('eaves-report')).toContainText('with its API key');
  await stepUntilOwnLogShows(page, 'answered 200 OK');
  await expect(page.getByTestId('eaves-own-0')).toContainText('eavesdropper → server: GET with key_test_client_0');
  // The server's message log records the request as the eavesdropper's.
  await openPanel(page, 'Message log');
  await expect(page.getByTestId('log')).toContainText('eavesdropper → server');

  await page.getByTestId('eaves-rotate-0-0').click();
  await expect(page.getByTestId('eaves-report')).toContainText('now uses key_test_client_0_r1');
  await page.getByTestId('eaves-use-0-key_test_client_0').click();
  await stepUntilOwnLogShows(page, 'answered 401 Unauthorized');
  await expect(page.getByTestId('eaves-layers-0')).toContainText("stolen key: 1 served as if the key's owner sent them, 1 refused with 401");
  expect(await axeViolations(page)).toEqual([]);
});
