import { test, expect, openApp, openPanel, axeViolations } from './fixtures';
import { SimulatorPage } from './simulator';

test('search on demand: one request per user action, no empty answer, query and answer in the inspector', async ({ guarded: page }) => {
  await openApp(page);
  await page.getByLabel('Scenario').selectOption('search');
  await expect(page.getByRole('radio', { name: 'On demand' })).toBeChecked();
  const sim = new SimulatorPage(page);
  await sim.speed(25);
  await sim.waitFor('user-actions', 20);
  await sim.pause();
  const actions = await sim.counter('user-actions');
  // Every request is a user's query, and every answer holds rows.
  expect(await sim.counter('requests')).toBe(actions);
  expect(await sim.counter('empty-answers')).toBe(0);
  expect(await sim.counter('answer-rows')).toBeGreaterThanOrEqual(1);
  // Nothing happened at the provider: there was nothing a webhook could have pushed.
  expect(await sim.counter('nothing-to-push')).toBe(0);
  await expect(page.getByTestId('counter-nothing-to-push-0')).toContainText(`the users chose all ${actions} questions`);
  await openPanel(page, 'Message log');
  await page.getByTestId('log').getByRole('button', { name: /User's query #/ }).first().click();
  await expect(page.getByTestId('http-text')).toContainText(/GET \/v1\/search\?q=\w+&limit=20 HTTP\/1\.1/);
  await page.getByTestId('log').getByRole('button', { name: /Answer to the query #/ }).first().click();
  await expect(page.getByTestId('http-text')).toContainText('"results":[');
  await expect(page.getByTestId('handling')).toContainText(/^Answers GET \/v1\/search\?q=\w+&limit=20: \d+ rows/);
  expect(await axeViolations(page)).toEqual([]);
});

test('long polling sits beside polling in the mode switch', async ({ guarded: page }) => {
  await openApp(page, '?mode=longpolling');
  await expect(page.getByRole('radio', { name: 'Long polling' })).toBeChecked();
  const names = await page.locator('.mode-switch label').allTextContents();
  expect(names.indexOf('Long polling')).toBe(names.indexOf('API polling') + 1);
  expect(await axeViolations(page)).toEqual([]);
});

/** Takes the receivers offline until deliveries are being retried, then back online, and waits
 * for a retried update to arrive after a newer one. */
async function outageThenRecovery(page: import('@playwright/test').Page, sim: SimulatorPage) {
  await sim.speed(100);
  const offline = page.getByRole('switch', { name: /Receivers offline/ });
  await offline.check();
  await sim.waitFor('retries', 10);
  await offline.uncheck();
  await sim.waitFor('out-of-order', 1, 0, 40_000);
  await sim.pause();
}

test('retries after an outage arrive out of order; a receiver comparing versions applies none of them', async ({ guarded: page }) => {
  await openApp(page, '?mode=webhook&preset=chat');
  const sim = new SimulatorPage(page);
  await outageThenRecovery(page, sim);
  const late = await sim.counter('out-of-order');
  // Arrival order: every late update overwrote newer data.
  await expect(page.getByTestId('counter-out-of-order-0')).toHaveText(`${late} (${late} / 0)`);
  await expect(page.getByTestId('stage-0-late')).toHaveText(`Out of order: ${late} (${late} stale applied)`);

  await openApp(page, '?mode=webhook&preset=chat&byversion=1');
  await expect(page.getByRole('switch', { name: /Receivers compare versions/ })).toBeChecked();
  await outageThenRecovery(page, sim);
  const ignored = await sim.counter('out-of-order');
  await expect(page.getByTestId('counter-out-of-order-0')).toHaveText(`${ignored} (0 / ${ignored})`);
  await expect(page.getByTestId('stage-0-late')).toHaveText(`Out of order: ${ignored} (0 stale applied)`);
  expect(await axeViolations(page)).toEqual([]);
});

test('in Both, late notifications are counted but only start a fetch of the current state: nothing stale is applied', async ({ guarded: page }) => {
  await openApp(page, '?mode=hybrid&preset=chat');
  const sim = new SimulatorPage(page);
  await outageThenRecovery(page, sim);
  const late = await sim.counter('out-of-order');
  expect(late).toBeGreaterThan(0);
  // Without comparing versions, as the webhook receiver above that applied every late update.
  await expect(page.getByRole('switch', { name: /Receivers compare versions/ })).not.toBeChecked();
  await expect(page.getByTestId('counter-out-of-order-0')).toHaveText(`${late} (0 / 0)`);
  await expect(page.getByTestId('stage-0-late')).toHaveText(`Out of order: ${late} (0 stale applied: a late notice only starts a fetch of the current state)`);
  expect(await axeViolations(page)).toEqual([]);
});
