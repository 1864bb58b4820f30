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

test('a drill that does not fit the view names its reason on its card', async ({ guarded: page }) => {
  await openApp(page, '?mode=polling');
  await expect(page.getByTestId('drill-tamper-run')).toBeDisabled();
  await expect(page.getByTestId('drill-tamper-why')).toHaveText('Needs webhooks: switch to Webhook, Both or Compare.');
  await expect(page.getByTestId('drill-api-why')).toHaveCount(0);
  await page.getByRole('radio', { name: 'Webhook' }).click();
  await expect(page.getByTestId('drill-api-why')).toHaveText('Needs polling: switch to API polling, Both or Compare.');
  await expect(page.getByTestId('drill-tamper-why')).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);
});

test('a webhook drill pressed before any delivery says so on its card', async ({ guarded: page }) => {
  await openApp(page, '?mode=polling');
  await openPanel(page, 'Failure drills');
  const play = page.getByTestId('play');
  if ((await play.getAttribute('aria-pressed')) === 'true') await play.click();
  await expect(play).toHaveAttribute('aria-pressed', 'false');
  // A new mode restarts the run from zero, still paused: nothing has been sent.
  await page.getByRole('radio', { name: 'Webhook' }).click();
  await page.getByTestId('drill-tamper-run').click();
  await expect(page.getByTestId('drill-tamper-note')).toContainText('Too early');
  await expect(page.getByTestId('drill-replay-note')).toHaveCount(0);
});

test('the retry view follows one message through every attempt, with the log\'s ids', async ({ guarded: page }) => {
  // Few events, so that the model's memory of recent attempts spans the whole schedule.
  await openApp(page, '?mode=webhook&rate=0.5');
  await openPanel(page, 'Failure drills');
  const play = page.getByTestId('play');
  if ((await play.getAttribute('aria-pressed')) === 'true') await play.click();
  await page.getByTestId('drill-outage-length').selectOption({ label: '1 minute' });
  await page.getByTestId('drill-outage-run').click();
  await page.getByLabel('Speed').selectOption('100');
  await play.click();
  // The last message the outage refused is retried (after 5 s, then 5 min) until delivered.
  const retries = page.getByTestId('retries-0');
  await expect(retries.getByTestId('retry-row').last()).toContainText('delivered', { timeout: 40_000 });
  await play.click();
  await expect(play).toHaveAttribute('aria-pressed', 'false');
  const rows = retries.getByTestId('retry-row');
  await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
  const attempts = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')!.textContent));
  expect(attempts.length).toBeGreaterThanOrEqual(2);
  expect(attempts).toEqual(attempts.map((_, i) => String(i + 1)));
  for (let i = 0; i < attempts.length - 1; i++) await expect(rows.nth(i)).toContainText('503 receiver down');
  await expect(retries).toContainText('lost-acknowledgement');
  // Each attempt's delivery opens in the inspector under the same id.
  const first = rows.first().getByTestId('retry-message');
  const name = (await first.textContent())!;
  await first.click();
  await expect(page.getByTestId('inspector').getByRole('heading', { level: 3 })).toHaveText(`Inspector: ${name}`);
  // A delivery picked in the log is followed under the log's own id.
  // The oldest delivery the log shows has had its answer.
  await openPanel(page, 'Message log');
  const picked = page.getByTestId('log').getByRole('button', { name: /Webhook delivery #/ }).last();
  const logName = (await picked.textContent())!;
  await picked.click();
  // The log's button also holds its glyph's letter: compare the id.
  const id = logName.match(/#\d+$/)![0];
  await expect(retries.getByRole('button', { name: `Webhook delivery ${id}`, exact: true })).toHaveCount(1);
  await expect(retries.locator('caption')).toContainText(/msg_/);
});

test('the dead-letter list counts what it keeps and replays them all', async ({ guarded: page }) => {
  await compareAfterAnHour(page);
  await page.getByTestId('drill-outage-length').selectOption({ label: '2 days (longer than the retry schedule)' });
  await page.getByTestId('drill-outage-run').click();
  for (let i = 0; i < 3; i++) await fastForward(page, '+1 day');
  const total = await count(page, 'dead', 1);
  const listed = await page.getByTestId('dead-letters-1').getByTestId('dead-letter-replay').count();
  expect(listed).toBe(Math.min(total, 50));
  await expect(page.getByTestId('dead-letters-count-1')).toHaveText(
    `${total} in all. The model keeps the most recent 50 not yet replayed or delivered since: ${listed} listed here, ${total - listed} counted but not kept.`);
  await page.getByTestId('dead-letters-replay-all-1').click();
  await expect(page.getByTestId('drill-status')).toHaveText(`Replayed ${listed} dead letters.`);
  await expect(page.getByTestId('drill-result-replayed-1')).toHaveText(String(listed));
  await expect(page.getByTestId('receiver-checklist').getByRole('link', { name: '1. Tampered body' })).toHaveAttribute('href', '#drill-tamper');
});
