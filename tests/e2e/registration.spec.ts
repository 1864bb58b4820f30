import { test, expect, openApp, openPanel, axeViolations } from './fixtures';
import type { Locator, Page } from '@playwright/test';

/** Webhook mode with two clients, paused, registration set from its panel as a learner would. */
async function webhookWithRegistration(page: Page, setting: 'on' | 'handshake') {
  await openApp(page, '?mode=webhook&clients=2&interval=5&rate=6&latency=300');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveText('Play');
  await openPanel(page, 'Webhook registration');
  await openPanel(page, 'Message log');
  await page.getByTestId('registration-setting').selectOption(setting);
  await expect(page.getByTestId('registration-setting')).toHaveValue(setting);
}

async function fastForward(page: Page, label: string) {
  await page.getByRole('button', { name: label, exact: true }).click();
  await expect(page.getByTestId('ff-progress')).toHaveCount(0, { timeout: 30_000 });
}

/** Steps until the log shows a row with `name`. */
async function stepUntilLogged(page: Page, name: RegExp) {
  await stepUntilShown(page, page.getByTestId('log').getByRole('button', { name }));
}

async function stepUntilShown(page: Page, row: Locator) {
  await expect.poll(async () => {
    if ((await row.count()) === 0) await page.getByRole('button', { name: 'Step', exact: true }).click();
    return row.count();
  }, { timeout: 20_000 }).toBeGreaterThan(0);
}

/** The log's webhook deliveries to `client`. */
function deliveriesTo(page: Page, client: number) {
  return page.getByTestId('log').locator('tr')
    .filter({ hasText: /Webhook (delivery|retry) #/ })
    .filter({ hasText: `server → client-${client}` });
}

test('registration and its handshake show on the log, in the inspector and on the server', async ({ guarded: page }) => {
  await webhookWithRegistration(page, 'handshake');
  await expect(page).toHaveURL(/registration=handshake/);
  await expect(page.getByTestId('no-subscriptions-0')).toBeVisible();
  await stepUntilLogged(page, /Registration answer #/);
  const log = page.getByTestId('log');
  for (const kind of ['Registration request', 'Verification challenge', 'Challenge answer', 'Registration answer']) {
    await expect(log.getByRole('button', { name: new RegExp(`^${kind} #`) }).first()).toBeVisible();
  }
  // The request names the callback URL and the event types.
  await log.getByRole('button', { name: /^Registration request #/ }).last().click();
  const text = page.getByTestId('http-text');
  await expect(text).toContainText('POST /v1/webhooks');
  await expect(text).toContainText('"url":"https://client-');
  await expect(text).toContainText('payment.completed');
  await expect(page.getByTestId('registration-note')).toContainText('gives the server its callback URL');
  // The answer carries the stored subscription and the issued secret.
  await log.getByRole('button', { name: /^Registration answer #/ }).last().click();
  await expect(text).toContainText('201 Created');
  await expect(text).toContainText('"secret":"whsec_');
  await expect(text).toContainText('"verified":true');
  await expect(page.getByTestId('registration-note')).toContainText('It issues the secret');
  // The server's stored subscription.
  const stored = page.getByTestId('subscriptions-0');
  await expect(stored).toContainText('https://client-');
  await expect(stored).toContainText('yes: the challenge was echoed');
  expect(await axeViolations(page)).toEqual([]);
});

test('unregistering a client stops its deliveries', async ({ guarded: page }) => {
  await webhookWithRegistration(page, 'on');
  await fastForward(page, '+1 hour');
  await expect(page.getByTestId('subscriptions-0')).toContainText('https://client-0.example/webhooks');
  await openPanel(page, 'Failure drills');
  await page.getByTestId('drill-unregister-run').click();
  await expect(page.getByTestId('drill-status')).toContainText('delete its subscription');
  await stepUntilLogged(page, /^Registration answer #/);
  await expect(page.getByTestId('log').locator('tr').filter({ hasText: 'server → client-0' }).filter({ hasText: '204' })).toHaveCount(1);
  await fastForward(page, '+1 hour');
  await expect(page.getByTestId('subscriptions-0')).not.toContainText('client-0.example');
  await expect(page.getByTestId('registry-counts-0')).toContainText('Clients without a subscription: 1.');
  // The log's recent deliveries all go to client 1.
  await expect(deliveriesTo(page, 1).first()).toBeVisible();
  await expect(deliveriesTo(page, 0)).toHaveCount(0);
});

test('an endpoint that is gone answers 410, which ends the retries at once', async ({ guarded: page }) => {
  await webhookWithRegistration(page, 'on');
  await fastForward(page, '+1 hour');
  await openPanel(page, 'Failure drills');
  await page.getByTestId('drill-endpoint-gone-run').click();
  await expect(page.getByTestId('drill-status')).toContainText('410 Gone');
  // The next delivery to client 0 is answered 410 Gone.
  await stepUntilShown(page, page.getByTestId('log').locator('tr')
    .filter({ hasText: /Failure #/ }).filter({ hasText: 'client-0 → server' }).filter({ hasText: '410' }));
  await page.getByTestId('log').locator('tr').filter({ hasText: '410' }).getByRole('button').first().click();
  await expect(page.getByTestId('http-text')).toContainText('410 Gone');
  await fastForward(page, '+1 day');
  const counts = page.getByTestId('registry-counts-0');
  await expect(counts).toContainText('Deliveries ended by 410 Gone: 1.');
  await expect(page.getByTestId('subscriptions-0')).toContainText('disabled after 410 Gone');
  // No retry was made after the 410, and the disabled subscription gets nothing more.
  await expect(deliveriesTo(page, 0)).toHaveCount(0);
  await expect(deliveriesTo(page, 1).first()).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
});
