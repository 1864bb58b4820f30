import { test, expect, openApp, axeViolations } from './fixtures';
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

/** Every element's box fully inside the viewport as it opens, without scrolling. */
async function inViewport(page: Page, selector: string) {
  const boxes = await page.locator(selector).evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { top: r.top, left: r.left, bottom: r.bottom, right: r.right };
  }));
  expect(boxes.length, selector).toBeGreaterThan(0);
  for (const b of boxes) {
    expect(b.top, selector).toBeGreaterThanOrEqual(0);
    expect(b.left, selector).toBeGreaterThanOrEqual(0);
    expect(b.bottom, selector).toBeLessThanOrEqual(720);
    expect(b.right, selector).toBeLessThanOrEqual(1280);
  }
}

/** Rendered text smaller than 18 px inside the viewport; SVG text is scaled by its drawing. */
function smallText(page: Page) {
  return page.evaluate(() => {
    const small: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.textContent!.trim() || el.closest('[aria-hidden="true"], .visually-hidden, option')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.bottom <= 0 || r.top >= innerHeight) continue;
      let px = parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGGraphicsElement) px *= el.getScreenCTM()!.a;
      if (px < 17.9) small.push(`${n.textContent!.trim().slice(0, 30)}: ${px.toFixed(1)} px`);
    }
    return small;
  });
}

test.describe('projector layout at 1280×720', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  for (const [mode, keys] of [
    ['polling', ['requests', 'wasted', 'mean-delay']],
    ['webhook', ['deliveries', 'retries', 'mean-delay']],
    ['hybrid', ['deliveries', 'requests', 'mean-delay']],
  ] as const) {
    test(`${mode}: stage, play button and key counters on one screen, large type, axe-clean`, async ({ guarded: page }) => {
      await openApp(page, `?theme=projector&mode=${mode}`);
      await page.getByTestId('play').click(); // pause: the measurements hold still
      await inViewport(page, 'svg.stage');
      await inViewport(page, '[data-testid="play"]');
      for (const k of keys) await inViewport(page, `[data-testid="key-${k}-0"]`);
      expect(await page.evaluate(() => scrollY)).toBe(0);
      const valueSize = await page.getByTestId(`key-${keys[0]}-0`).evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      expect(valueSize).toBeGreaterThanOrEqual(28);
      expect(await smallText(page)).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);
    });
  }

  test('Compare keeps its two stages side by side, with both stages\' counters on screen', async ({ guarded: page }) => {
    await openApp(page, '?theme=projector&mode=compare');
    await page.getByTestId('play').click();
    const [a, b] = await page.locator('svg.stage').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
    expect(Math.abs(a.top - b.top)).toBeLessThan(1);
    expect(b.left).toBeGreaterThanOrEqual(a.right);
    await inViewport(page, 'svg.stage');
    await inViewport(page, '[data-testid="play"]');
    for (const k of ['key-requests-0', 'key-requests-1', 'key-mean-delay-0', 'key-mean-delay-1']) {
      await inViewport(page, `[data-testid="${k}"]`);
    }
    expect(await smallText(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });

  test('everything else is one click away: folded panels open on their summary', async ({ guarded: page }) => {
    await openApp(page, '?theme=projector');
    await expect(page.getByTestId('counters')).toBeHidden();
    await page.getByText('Settings and all counters', { exact: true }).click();
    await expect(page.getByTestId('counters')).toBeVisible();
    await expect(page.getByTestId('chart')).toBeHidden();
    await page.getByText('Comparison table and charts', { exact: true }).click();
    await expect(page.getByTestId('chart')).toBeVisible();
  });

  test('the Focus toggle gives any theme the same one-screen layout', async ({ guarded: page }) => {
    await openApp(page, '?theme=light');
    await expect(page.getByTestId('key-counters')).toHaveCount(0);
    await expect(page.getByTestId('counters')).toBeVisible();
    await page.getByTestId('focus').click();
    await expect(page.getByTestId('focus')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('counters')).toBeHidden();
    await inViewport(page, 'svg.stage');
    await inViewport(page, '[data-testid="key-requests-0"]');
  });

  test('opening a projector link does not shift the layout', async ({ guarded: page }) => {
    await page.goto('index.html?theme=projector');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByTestId('sim-clock')).not.toHaveText('Simulated time 0:00:00.000');
    const shift = await page.evaluate(() => new Promise<number>((resolve) => {
      let total = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as any[]) if (!e.hadRecentInput) total += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
      setTimeout(() => resolve(total), 1000);
    }));
    expect(shift).toBeLessThan(0.1);
  });
});

test.describe('phone at 390×844', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('no sideways scroll, and the header is one line while a lesson is open', async ({ guarded: page }) => {
    await openApp(page, '?lesson=api');
    await expect(page.getByTestId('lesson')).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const h1 = await page.getByRole('heading', { level: 1 }).boundingBox();
    const header = await page.getByRole('banner').boundingBox();
    expect(header!.height).toBeLessThan(2 * h1!.height + 16);
    const tops = await page.getByRole('banner').locator('button, select').evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect()).map((r) => r.top + r.height / 2));
    for (const t of tops) expect(Math.abs(t - (h1!.y + h1!.height / 2))).toBeLessThan(12);
  });

  test('the stage\'s labels stay legible', async ({ guarded: page }) => {
    await openApp(page);
    const px = await page.locator('svg.stage .client text').first().evaluate((e) =>
      parseFloat(getComputedStyle(e).fontSize) * (e as SVGGraphicsElement).getScreenCTM()!.a);
    expect(px).toBeGreaterThanOrEqual(11);
  });
});

/** A field of every lesson, read from the lesson text source, the one place the app takes it from. */
/** The number of lesson steps, as the lessons' table declares it. */
const COUNT = Number(/PLANS: \[Plan; (\d+)\]/.exec(readFileSync('src/lessons.rs', 'utf8'))?.[1]);

function lessonField(field: 'question' | 'reveal'): string[] {
  const source = readFileSync('src/lessons/text.rs', 'utf8');
  return [...source.matchAll(new RegExp(`${field}: "((?:[^"\\\\]|\\\\.)*)"`, 'g'))].map((m) => JSON.parse(`"${m[1]}"`));
}

// pdftotext joins a word hyphenated at a line's end without its hyphen: compare without hyphens.
const flat = (s: string) => s.replace(/-/g, '').replace(/\s+/g, ' ').trim();

/** Clicks a print button (window.print recorded, not opened), prints the page to PDF as Chromium
 * would on paper, and returns the text of each page. */
async function printPages(page: Page, button: string, path: string): Promise<string[]> {
  await page.addInitScript(() => {
    (window as any).printed = 0;
    window.print = () => { (window as any).printed += 1; };
  });
  await openApp(page, '?theme=dark');
  await page.getByTestId(button).click();
  await expect.poll(() => page.evaluate(() => (window as any).printed)).toBe(1);
  await expect(page.getByTestId('print-doc')).toBeHidden(); // on screen, only the buttons
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('print-doc')).toBeVisible();
  expect(await page.locator('button:visible, select:visible, input:visible').count()).toBe(0);
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
  writeFileSync(path, await page.pdf({ format: 'A4', printBackground: true }));
  return execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).split('\f').map(flat);
}

test.describe('printable worksheet and answer key', () => {
  test('the worksheet prints every lesson\'s question and settings, one lesson a page', async ({ guarded: page }, info) => {
    const pages = await printPages(page, 'print-worksheet', info.outputPath('worksheet.pdf'));
    const questions = lessonField('question');
    expect(questions).toHaveLength(COUNT);
    questions.forEach((q, i) => {
      expect(pages[i], `lesson ${i + 1} on page ${i + 1}`).toContain(flat(q));
      expect(pages[i]).toContain('My prediction');
    });
    // Lesson 1's settings, as its text describes them: 8 shops polling every 10 seconds.
    expect(pages[0]).toMatch(/Clients 8\b/);
    expect(pages[0]).toContain('Seed 7');
    // After the lessons, a page on the concept checks and the security drills, by address.
    const last = pages.slice(COUNT).join(' ');
    expect(last).toContain('Check your understanding');
    expect(last).toMatch(/index\.html\?view=quiz\b/);
    expect(last).toContain('index.html?view=quiz#drill');
    expect(last).toContain(flat('A delivery changed on the way'));
  });

  test('the answer key prints every answer with its explanation', async ({ guarded: page }, info) => {
    const text = (await printPages(page, 'print-key', info.outputPath('key.pdf'))).join(' ');
    for (const reveal of lessonField('reveal')) expect(text).toContain(flat(reveal));
    expect(text.match(/Answer: [\d.]+ /g)).toHaveLength(COUNT);
    // Lesson 1: 8 clients × 6 polls a minute.
    expect(text).toContain('1. What an API is');
    expect(text).toMatch(/Answer: 48 requests \(theory: 48 requests\)/);
  });
});
