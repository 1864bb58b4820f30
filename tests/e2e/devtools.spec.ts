import { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { test, expect, openApp, openPanel, axeViolations } from './fixtures';
import { SimulatorPage } from './simulator';

/** Opens a webhook run, waits for a delivery in the log, pauses and selects it. */
async function selectDelivery(page: Page) {
  await openApp(page, '?mode=webhook&speed=10');
  await openPanel(page, 'Message log');
  const delivery = page.getByTestId('log').getByRole('button', { name: /Webhook delivery #/ }).first();
  await expect(delivery).toBeVisible({ timeout: 30_000 });
  await new SimulatorPage(page).pause();
  await delivery.click();
  await expect(page.getByTestId('inspector')).toContainText('webhook-signature');
}

/** A header's value as the inspector's HTTP text shows it. */
async function shownHeader(page: Page, name: string): Promise<string> {
  const text = (await page.getByTestId('http-text').textContent()) ?? '';
  const line = text.split('\n').find((l) => l.startsWith(`${name}: `));
  expect(line, `${name} in ${text}`).toBeTruthy();
  return line!.slice(name.length + 2);
}

test("a delivery's curl copies carry its signature, and a copy re-signed now is labelled as such", async ({ guarded: page }) => {
  await selectDelivery(page);
  const signature = await shownHeader(page, 'webhook-signature');
  const exact = page.getByTestId('curl-exact');
  await expect(exact).toHaveValue(new RegExp(`^curl 'https://client-\\d+\\.example/webhooks'`));
  expect(await exact.inputValue()).toContain(`-H 'webhook-signature: ${signature}'`);
  await expect(page.getByText('Copy as curl: Exact bytes')).toBeVisible();
  await expect(page.getByTestId('replay')).toContainText('too old');
  const fresh = page.getByTestId('curl-resigned');
  await expect(fresh).toHaveValue(/^curl 'http:\/\/127\.0\.0\.1:8000\/webhooks'/);
  expect(await fresh.inputValue()).not.toContain(signature);
  const stamp = Number(/webhook-timestamp: (\d+)/.exec(await fresh.inputValue())?.[1]);
  expect(Math.abs(stamp - Date.now() / 1000)).toBeLessThan(120);
  await expect(page.getByText('Copy as curl: Re-signed for a live receiver')).toBeVisible();
});

test('a response has no curl command, and says why', async ({ guarded: page }) => {
  await openApp(page, '?speed=10');
  await openPanel(page, 'Message log');
  const answer = page.getByTestId('log').getByRole('button', { name: /response #/i }).first();
  await expect(answer).toBeVisible({ timeout: 30_000 });
  await new SimulatorPage(page).pause();
  await answer.click();
  await expect(page.getByTestId('curl-none')).toContainText('response');
  await expect(page.getByTestId('curl-exact')).toHaveCount(0);
});

test('a delivery opens in the lab from the inspector and verifies', async ({ guarded: page }) => {
  await selectDelivery(page);
  const id = await shownHeader(page, 'webhook-id');
  const stamp = await shownHeader(page, 'webhook-timestamp');
  await page.getByTestId('open-in-lab').click();
  await expect(page.getByRole('heading', { name: 'Signature lab' })).toBeVisible();
  await expect(page).toHaveURL(/[?&]view=lab/);
  await expect(page.getByTestId('lab-verdict')).toContainText(`Opened the simulated delivery ${id}`);
  await expect(page.getByLabel('Verify as of Unix time')).toHaveValue(stamp);
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(page.getByTestId('lab-verdict')).toHaveAttribute('data-state', 'valid');
  await expect(page.getByTestId('lab-verdict')).toContainText(stamp);
});

test('the HAR download is HAR 1.2 JSON holding the log, and says it keeps the last 500', async ({ guarded: page }) => {
  await selectDelivery(page);
  await expect(page.getByTestId('har')).toContainText('most recent 500 messages');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download HAR' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('webhook-vs-api-webhook.har');
  const har = JSON.parse(await readFile((await download.path())!, 'utf8'));
  expect(har.log.version).toBe('1.2');
  expect(har.log.comment).toContain('500');
  expect(har.log.entries.length).toBeGreaterThan(0);
  const signature = await shownHeader(page, 'webhook-signature');
  const sent = har.log.entries.flatMap((e: any) => e.request.headers).map((h: any) => h.value);
  expect(sent).toContain(signature);
});

test('?view=lab opens the lab, and the tabs keep the address', async ({ guarded: page }) => {
  await openApp(page, '?view=lab');
  await expect(page.getByRole('heading', { name: 'Signature lab' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Signature lab' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('url-notice')).toHaveCount(0);
  await page.getByRole('button', { name: 'Simulator', exact: true }).click();
  await expect(page).not.toHaveURL(/view=/);
  await page.getByRole('button', { name: 'Signature lab' }).click();
  await expect(page).toHaveURL(/[?&]view=lab/);
});

test('axe-core finds no violations in the inspector tools and the receiver code', async ({ guarded: page }) => {
  test.setTimeout(180_000);
  await selectDelivery(page);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByTestId('open-in-lab').click();
  await expect(page.getByTestId('lab-receiver-code')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
});
