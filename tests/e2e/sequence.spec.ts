import { readFile } from 'node:fs/promises';
import { test, expect, openApp, openPanel, axeViolations } from './fixtures';
import type { Page } from '@playwright/test';

/** The app, paused after about half a minute of simulated time, with the diagram open. */
async function pausedWithDiagram(page: Page, query = '') {
  await openApp(page, query);
  await page.getByLabel('Speed').selectOption('10');
  await openPanel(page, 'Message log');
  await expect.poll(async () => page.getByTestId('log').getByRole('button').count(), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(20);
  const play = page.getByTestId('play');
  if ((await play.getAttribute('aria-pressed')) === 'true') await play.click();
  await expect(play).toHaveAttribute('aria-pressed', 'false');
  const panel = page.getByTestId('sequence');
  await expect(panel).not.toHaveAttribute('open', /.*/);
  await panel.getByText('Sequence diagram', { exact: true }).click();
  await expect(panel.getByTestId('sequence-arrow').first()).toBeVisible();
  return panel;
}

/** Message ids of the log's rows, most recent first. */
async function logIds(page: Page): Promise<string[]> {
  const names = await page.getByTestId('log').getByRole('button').allTextContents();
  return names.map((n) => n.match(/#(\d+)/)![1]);
}

test('the diagram draws an arrow per message, in the log\'s order', async ({ guarded: page }) => {
  const panel = await pausedWithDiagram(page);
  const arrows = panel.getByTestId('sequence-arrow');
  const ids = await arrows.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-message-id')!));
  const log = await logIds(page);
  const n = Math.min(ids.length, log.length);
  expect(n).toBeGreaterThan(3);
  // The log lists the most recent first; the diagram runs down in time.
  expect(ids.slice(-n).reverse()).toEqual(log.slice(0, n));
  // The list for screen readers reads the same messages in the same order.
  await expect(panel.getByTestId('sequence-list').locator('li')).toHaveCount(ids.length);
  const labels = await arrows.evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label')));
  const items = await panel.getByTestId('sequence-list').locator('li').allTextContents();
  expect(items).toEqual(labels);
  expect(items.some((t) => /client \d+ → server: GET \/v1\/events/.test(t))).toBe(true);
  expect(await axeViolations(page)).toEqual([]);
});

test('selecting an arrow, by click or keyboard, opens its message in the inspector', async ({ guarded: page }) => {
  const panel = await pausedWithDiagram(page);
  const arrows = panel.getByTestId('sequence-arrow');
  const first = await arrows.first().getAttribute('data-message-id');
  await arrows.first().click();
  await expect(page.getByTestId('inspector').getByRole('heading', { level: 3 })).toHaveText(new RegExp(`#${first}$`));
  await expect(arrows.first()).toHaveAttribute('aria-pressed', 'true');
  const last = await arrows.last().getAttribute('data-message-id');
  await arrows.last().focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inspector').getByRole('heading', { level: 3 })).toHaveText(new RegExp(`#${last}$`));
});

test('scrolling back holds the window; Later returns to following live', async ({ guarded: page }) => {
  const panel = await pausedWithDiagram(page);
  const window = panel.getByTestId('sequence-window');
  const live = await window.textContent();
  await panel.getByTestId('sequence-earlier').click();
  await expect(window).not.toHaveText(live!);
  await expect(panel.getByTestId('sequence-follow')).not.toBeChecked();
  await panel.getByTestId('sequence-later').click();
  await expect(window).toHaveText(live!);
  await expect(panel.getByTestId('sequence-follow')).toBeChecked();
});

test('the SVG download is a standalone SVG document; the PNG one is a PNG', async ({ guarded: page }) => {
  const panel = await pausedWithDiagram(page);
  const [svg] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('sequence-svg').click()]);
  expect(svg.suggestedFilename()).toBe('sequence-diagram.svg');
  const text = await readFile((await svg.path())!, 'utf8');
  const parsed = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return {
      root: doc.documentElement.nodeName,
      errors: doc.getElementsByTagName('parsererror').length,
      arrows: doc.querySelectorAll('g[data-message-id]').length,
    };
  }, text);
  const shown = await panel.getByTestId('sequence-arrow').count();
  expect(parsed).toEqual({ root: 'svg', errors: 0, arrows: shown });

  const [png] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('sequence-png').click()]);
  expect(png.suggestedFilename()).toBe('sequence-diagram.png');
  const bytes = await readFile((await png.path())!);
  expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
});

test('in Compare both stages share one time axis', async ({ guarded: page }) => {
  // Two events a second, so that both stages send something in any window.
  const panel = await pausedWithDiagram(page, '?mode=compare&rate=120');
  const stages = await panel.locator('.seq-stage').allTextContents();
  expect(stages).toEqual(['Polling', 'Webhook']);
  expect(await axeViolations(page)).toEqual([]);
});
