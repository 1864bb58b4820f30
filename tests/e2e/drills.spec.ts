import { test, expect, openApp, openPanel, axeViolations } from './fixtures';
import type { Page } from '@playwright/test';

/** Compare view: stage 0 polls, stage 1 receives webhooks. Playback paused, one hour run; the
 * drills and the log unfolded. */
async function compareAfterAnHour(page: Page) {
  await openApp(page);
  await openPanel(page, 'Failure drills');
  await openPanel(page, 'Message log');
  await page.getByRole('radio', { name: 'Compare' }).click();
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveText('Play');
  await fastForward(page, '+1 hour');
}

async function fastForward(page: Page, label: string) {
  await page.getByRole('button', { name: label, exact: true }).click();
  await expect(page.getByTestId('ff-progress')).toHaveCount(0, { timeout: 30_000 });
}

async function count(page: Page, key: string, stage: number): Promise<number> {
  return Number(await page.getByTestId(`drill-result-${key}-${stage}`).textContent());
}

/** Steps the simulation until the counter reaches `want`. */
async function stepUntil(page: Page, key: string, stage: number, want: number) {
  await expect.poll(async () => {
    if ((await count(page, key, stage)) < want) await page.getByRole('button', { name: 'Step', exact: true }).click();
    return count(page, key, stage);
  }, { timeout: 20_000 }).toBe(want);
}

test('the drills panel is labelled and has no axe violations', async ({ guarded: page }) => {
  await compareAfterAnHour(page);
  const panel = page.getByTestId('drills');
  await expect(panel.getByRole('heading', { name: 'Failure drills' })).toBeVisible();
  await page.getByTestId('drill-tamper-run').click();
  await expect(page.getByTestId('drill-status')).toContainText('edited body');
  expect(await axeViolations(page)).toEqual([]);
});

test('tamper: an edited body is refused with 401 and counted', async ({ guarded: page }) => {
  await compareAfterAnHour(page);
  expect(await count(page, 'rejected', 1)).toBe(0);
  // From the inspector, with a body edited by hand.
  await page.getByTestId('log').getByRole('button', { name: /Webhook delivery #/ }).first().click();
  const body = page.getByTestId('resend-body');
  await expect(body).toHaveValue(/"type":/);
  await body.fill('{"type":"payment.completed","data":{"amount":1}}');
  await page.getByTestId('resend-edited').click();
  await expect(page.getByTestId('resend-status')).toContainText('with your body');
  await stepUntil(page, 'rejected', 1, 1);
  await expect(page.getByTestId('log')).toContainText('401');
  // The same in one click from the drills panel.
  await page.getByTestId('drill-tamper-run').click();
  await expect(page.getByTestId('drill-status')).toContainText('edited body');
  await stepUntil(page, 'rejected', 1, 2);
});

test('replay: a recent one is a suppressed duplicate, an old one is refused as too old', async ({ guarded: page }) => {
  await compareAfterAnHour(page);
  await page.getByTestId('log').getByRole('button', { name: /Webhook delivery #/ }).first().click();
  await expect(page.getByTestId('replay-delivery')).toBeVisible();
  const dup = await count(page, 'duplicates', 1);
  await page.getByTestId('drill-replay-recent-run').click();
  await stepUntil(page, 'duplicates', 1, dup + 1);
  // The delivery chosen in the inspector, replayed an hour later, is too old.
  await fastForward(page, '+1 hour');
  await page.getByTestId('replay-delivery').click();
  await expect(page.getByTestId('resend-status')).toContainText('Replayed');
  await stepUntil(page, 'stale', 1, 1);
  expect(await count(page, 'rejected', 1)).toBe(1);
  await expect(page.getByTestId('log')).toContainText('401');
});

test('outage: retries follow the schedule, then dead letters can be replayed', async ({ guarded: page }) => {
  await compareAfterAnHour(page);
  await page.getByTestId('drill-outage-length').selectOption({ label: '2 days (longer than the retry schedule)' });
  await page.getByTestId('drill-outage-run').click();
  await expect(page.getByTestId('drill-status')).toContainText('Receivers down');
  await fastForward(page, '+1 hour');
  const timeline = page.getByTestId('timeline-1');
  await expect(timeline).toContainText('503 receiver down');
  await expect(timeline).toContainText('+5 min 5 s');
  expect(await count(page, 'retries', 1)).toBeGreaterThan(0);
  for (let i = 0; i < 3; i++) await fastForward(page, '+1 day');
  expect(await count(page, 'dead', 1)).toBeGreaterThan(0);
  const replays = page.getByTestId('dead-letters-1').getByTestId('dead-letter-replay');
  expect(await replays.count()).toBeGreaterThan(0);
  const before = await replays.count();
  await replays.first().click();
  await expect(page.getByTestId('drill-status')).toContainText('Replayed dead letter');
  await expect(page.getByTestId('drill-result-replayed-1')).toHaveText('1');
  await expect(replays).toHaveCount(before - 1);
});

test('lost acknowledgements: duplicates arrive and are suppressed by id', async ({ guarded: page }) => {
  await compareAfterAnHour(page);
  const dup = await count(page, 'duplicates', 1);
  await page.getByTestId('drill-ack-loss-run').click();
  await expect(page.getByTestId('drill-ack-loss-run')).toHaveAttribute('aria-pressed', 'true');
  await fastForward(page, '+1 hour');
  expect(await count(page, 'duplicates', 1)).toBeGreaterThan(dup);
});

test('secret rotation: both accepted during the overlap, the old one refused after', async ({ guarded: page }) => {
  await compareAfterAnHour(page);
  await page.getByTestId('drill-rotate-run').click();
  await expect(page.getByTestId('drill-rotation-1')).toContainText('Both secrets valid');
  const dup = await count(page, 'duplicates', 1);
  await page.getByTestId('drill-stale-sender-run').click();
  await stepUntil(page, 'duplicates', 1, dup + 1);
  expect(await count(page, 'rejected', 1)).toBe(0);
  await fastForward(page, '+1 hour');
  await expect(page.getByTestId('drill-rotation-1')).toContainText('no longer valid');
  await page.getByTestId('drill-stale-sender-run').click();
  await stepUntil(page, 'rejected', 1, 1);
});

test('API: no key gets 401; over the rate limit gets 429 with Retry-After and the client backs off', async ({ guarded: page }) => {
  await compareAfterAnHour(page);
  await page.getByTestId('drill-api-key-run').click();
  await stepUntil(page, 'unauthorized', 0, 1);
  await expect(page.getByTestId('log')).toContainText('401');
  await page.getByTestId('drill-rate-limit-run').click();
  await expect(page.getByTestId('drill-status')).toContainText('Rate limit on');
  await fastForward(page, '+1 hour');
  expect(await count(page, 'limited', 0)).toBeGreaterThan(0);
  expect(await count(page, 'deferred', 0)).toBeGreaterThan(0);
  // Play until a refusal shows in the log, pause, and inspect it.
  const refusal = page.getByTestId('log').getByRole('button', { name: /API refusal #/ });
  for (let i = 0; i < 5 && (await refusal.count()) === 0; i++) {
    await page.getByTestId('play').click();
    await expect(refusal.first()).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('play').click();
    await expect(page.getByTestId('play')).toHaveText('Play');
  }
  await refusal.first().click();
  await expect(page.getByTestId('http-text')).toContainText('429 Too Many Requests');
  await expect(page.getByTestId('http-text')).toContainText(/retry-after: \d+/);
});
