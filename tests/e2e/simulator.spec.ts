import { execFileSync } from 'node:child_process';
import { test, expect, openApp, openPanel, axeViolations } from './fixtures';
import { SimulatorPage } from './simulator';

test('polling with no events: requests and wasted polls rise together', async ({ guarded: page }) => {
  await openApp(page);
  const sim = new SimulatorPage(page);
  await sim.setField('rate', '0');
  await sim.speed(100);
  await sim.waitFor('requests', 20);
  await sim.pause(); // read both counters at one simulated instant
  const [r1, w1] = [await sim.counter('requests'), await sim.counter('wasted')];
  await sim.play();
  await sim.waitFor('requests', r1 + 20);
  await sim.pause();
  const [r2, w2] = [await sim.counter('requests'), await sim.counter('wasted')];
  expect(w2).toBeGreaterThan(w1);
  // Every answered poll was empty; the only difference is polls still on their way.
  for (const [r, w] of [[r1, w1], [r2, w2]]) {
    expect(w).toBeLessThanOrEqual(r);
    expect(r - w).toBeLessThanOrEqual(10);
  }
  await expect(page.getByTestId('counter-wasted-0')).toContainText('100.0 %');
  expect(await sim.counter('events')).toBe(0);
});

test('webhook mode: requests equal deliveries plus retries', async ({ guarded: page }) => {
  await openApp(page);
  const sim = new SimulatorPage(page);
  await sim.mode('Webhook');
  await sim.speed(100);
  await page.getByRole('switch', { name: /Receivers offline/ }).check();
  await sim.waitFor('retries', 3);
  await page.getByRole('switch', { name: /Receivers offline/ }).uncheck();
  await sim.waitFor('deliveries', 20);
  await sim.pause();
  const [requests, deliveries, retries] = [
    await sim.counter('requests'), await sim.counter('deliveries'), await sim.counter('retries'),
  ];
  expect(retries).toBeGreaterThan(0);
  expect(requests).toBe(deliveries + retries);
  expect(await sim.counter('wasted')).toBe(0);
});

test('Compare shows both stages fed the same event stream', async ({ guarded: page }) => {
  await openApp(page);
  const sim = new SimulatorPage(page);
  await sim.mode('Compare');
  await expect(page.getByTestId('stage-0')).toBeVisible();
  await expect(page.getByTestId('stage-1')).toBeVisible();
  await sim.speed(100);
  await sim.waitFor('events', 20);
  await sim.pause();
  // Both counters read from one snapshot of the page, once the paused frame's panels have been
  // drawn (a refresh may still land just after the pause).
  const both = () => page.evaluate(() => [0, 1].map((i) =>
    document.querySelector(`[data-testid="counter-events-${i}"]`)?.getAttribute('data-value')));
  await expect.poll(async () => { const [a, b] = await both(); return a !== null && a === b; }).toBe(true);
  // Same events, different costs: polling wastes polls, webhooks send deliveries.
  expect(await sim.counter('wasted', 0)).toBeGreaterThan(0);
  expect(await sim.counter('deliveries', 0)).toBe(0);
  expect(await sim.counter('deliveries', 1)).toBeGreaterThan(0);
  expect(await sim.counter('wasted', 1)).toBe(0);
});

test('fast-forward a day matches the headless example for the same seed and settings', async ({ guarded: page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  const sim = new SimulatorPage(page);
  await sim.pause();
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('sim-clock')).toHaveText('Simulated time 0:00:00.000');
  // With the fast path this day can finish before a progress bar is seen: wait for its end.
  await page.getByTestId('ff-day').click();
  await expect(page.getByTestId('sim-clock')).toHaveText('Simulated time 24:00:00.000', { timeout: 150_000 });
  await expect(page.getByTestId('ff-progress')).toBeHidden();

  // The default scenario (order status updates): 10 clients, 5 s, 6 per minute, 60 ms, seed 42.
  const out = execFileSync('cargo', ['run', '--release', '--quiet', '--example', 'simulate', '--',
    '--mode', 'polling', '--clients', '10', '--interval-s', '5', '--rate-per-min', '6',
    '--latency-ms', '60', '--seed', '42', '--duration-s', '86400'], { encoding: 'utf8', timeout: 170_000 });
  const native = JSON.parse(out);
  expect(native.events).toBeGreaterThan(50_000);
  expect(await sim.counter('events')).toBe(native.events);
  expect(await sim.counter('requests')).toBe(native.requests);
  expect(await sim.counter('wasted')).toBe(native.empty_polls);
  expect(await sim.counter('delivered')).toBe(native.delivered);
  expect(await sim.counter('bytes')).toBe(native.bytes);
});

test('a fast-forward can be cancelled', async ({ guarded: page }) => {
  await openApp(page);
  await new SimulatorPage(page).setField('clients', '2000');
  await page.getByTestId('ff-day').click();
  await expect(page.getByTestId('ff-progress')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('ff-progress')).toBeHidden();
  await expect(page.getByTestId('sim-clock')).not.toHaveText('Simulated time 24:00:00.000');
});

test('out-of-range typing is clamped with a visible message', async ({ guarded: page }) => {
  await openApp(page);
  const sim = new SimulatorPage(page);
  await sim.setField('clients', '99999');
  await expect(page.getByTestId('clamp-notice')).toContainText('10000');
  await expect(page.getByTestId('input-clients')).toHaveValue('10000');
  await sim.setField('latency', '');
  await expect(page.getByTestId('clamp-notice')).toContainText('Network latency (ms) needs a number, so 60 is kept');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('clamp-notice')).toBeHidden();
});

test('a keyboard-only walkthrough reaches and operates every control', async ({ guarded: page }) => {
  await openApp(page);
  // Pause first, with the keyboard, so that the log's buttons hold still while we tab through.
  const play = page.getByTestId('play');
  const reached = new Set<string>();
  const tab = async () => {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => {
      const e = document.activeElement as HTMLElement;
      return e.id || e.getAttribute('data-testid') || (e.textContent ?? '').trim();
    }));
  };
  for (let i = 0; i < 30 && !(await play.evaluate((e) => e === document.activeElement)); i++) await tab();
  await page.keyboard.press('Space');
  await expect(play).toHaveText('Play');
  const controls = await page.locator('header, main').locator('button:visible:enabled, select:visible:enabled, input:visible:enabled')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).id || e.getAttribute('data-testid') || e.textContent!.trim()));
  for (let i = 0; i < 400 && controls.some((c) => !reached.has(c) && !c.startsWith('mode-')); i++) await tab();
  for (const c of controls) {
    if (c.startsWith('mode-') && c !== 'mode-polling') continue; // one tab stop for the radio group
    expect(reached, `never reached ${c}`).toContain(c);
  }

  // Operate: change speed and a slider with the arrow keys, switch, step and inspect with Enter.
  await page.getByLabel('Speed').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Speed')).toHaveValue('2');
  const slider = page.getByRole('slider', { name: 'Clients slider' });
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('input-clients')).toHaveValue('11');
  await page.getByRole('switch', { name: /Receivers offline/ }).focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('switch', { name: /Receivers offline/ })).toBeChecked();
  await page.getByRole('button', { name: 'Step' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('Message log', { exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.log-pick').first()).toBeVisible();
  await page.locator('.log-pick').first().focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('http-text')).toBeVisible();
});

for (const mode of ['API polling', 'Webhook', 'Both', 'Compare'] as const) {
  test(`axe-core finds no violations in ${mode} mode`, async ({ guarded: page }) => {
    await openApp(page);
    const sim = new SimulatorPage(page);
    await sim.mode(mode);
    await sim.speed(25);
    await sim.waitFor('requests', 5);
    await sim.pause(); // the log's rows hold still to be clicked
    await openPanel(page, 'Message log');
    await page.locator('.log-pick').first().click();
    await expect(page.getByTestId('http-text')).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });
}

test('reduced motion: nothing travels, counters and log still update; axe-clean in dark mode', async ({ guarded: page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: 'dark' });
  await openApp(page);
  const sim = new SimulatorPage(page);
  await sim.mode('Compare');
  await sim.speed(100);
  await sim.waitFor('requests', 30);
  await openPanel(page, 'Message log');
  await expect(page.locator('.log-pick').first()).toBeVisible();
  await expect(page.locator('svg.stage .msg')).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);
});

test('the layout fits a 360 px phone without sideways scrolling', async ({ guarded: page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await openApp(page);
  await new SimulatorPage(page).mode('Compare');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
