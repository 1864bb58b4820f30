import { test, expect, openApp, openPanel, axeViolations } from './fixtures';
import { SimulatorPage } from './simulator';

test('a slow receiver behind a limit of one: deliveries queue at the dispatcher, in order', async ({ guarded: page }) => {
  await openApp(page, '?mode=webhook&preset=chat');
  const sim = new SimulatorPage(page);
  await expect(page.getByTestId('stage-0-dispatch-queue')).toHaveCount(0);
  await expect(page.getByTestId('theory-endpoint-open-0')).toHaveText('no limit');

  // A value out of range is clamped and said so; then the learner sets one at a time.
  const limit = page.getByTestId('input-concurrency');
  await limit.fill('500');
  await limit.press('Enter');
  await expect(page.getByTestId('clamp-notice')).toContainText('so 100 is used');
  await limit.fill('1');
  await limit.press('Enter');
  await expect(page).toHaveURL(/[?&]concurrency=1(&|$)/);
  await expect(page.getByTestId('theory-endpoint-open-0')).toHaveText('at most 1, the limit');
  await expect(page.getByTestId('stage-0-dispatch-queue')).toHaveText('0 waiting for a free slot');

  // Receivers now hold each delivery 10 s: fewer than 6 a minute get through, 20 come.
  await openPanel(page, 'Failure drills');
  await page.getByTestId('drill-slow-receiver-run').click();
  await expect(page.getByTestId('drill-status')).toContainText('10 s before answering');
  await expect(page.getByTestId('drill-slow-receiver-run')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('theory-dispatch-queue-0')).toContainText(/takes ≤ 5\.\d+ a minute; its events come at 20 a minute/);

  await sim.speed(100);
  await sim.waitFor('dispatch-queue', 50, 0, 40_000);
  await sim.pause();
  expect(await sim.counter('endpoint-open')).toBe(1);
  expect(await sim.counter('retries')).toBe(0);
  expect(await sim.counter('out-of-order')).toBe(0);
  await expect(page.getByTestId('counter-dispatch-queue-0')).toHaveText(/^\d+ \/ \d+ \/ \d/);
  await expect(page.getByTestId('stage-0-dispatch-queue')).toHaveText(/^[1-9]\d* waiting for a free slot$/);
  expect(await axeViolations(page)).toEqual([]);
});
