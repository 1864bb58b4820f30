import { Page } from '@playwright/test';
import { test, expect, openApp, axeViolations } from './fixtures';

/** Saved progress: kept across reloads at the top level, overridden by a link's own lesson,
 * forgotten by Start over, and never written by a page inside a frame. */

const KEY = 'webhook-vs-api:progress';

const stored = (page: Page) => page.evaluate((k) => localStorage.getItem(k), KEY);

async function predict(page: Page, value: string) {
  await page.getByTestId('lesson-prediction').fill(value);
  await expect(page.getByTestId('lesson-prediction')).toHaveValue(value);
}

test('the lesson and each step\'s prediction survive a reload; a link\'s lesson wins; Start over forgets', async ({ guarded: page }) => {
  await openApp(page);
  expect(await stored(page)).toBeNull();
  await expect(page.getByTestId('saved-progress')).toHaveCount(0);
  await page.getByRole('button', { name: 'Guided lessons' }).click();
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', 'api');
  await predict(page, '48');
  await page.getByTestId('lesson-next').click();
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', 'webhook');
  await predict(page, '40');
  await expect.poll(async () => JSON.parse((await stored(page)) ?? '{}')).toEqual({
    version: 1, lesson: 'webhook', predictions: { api: '48', webhook: '40' }, quiz: {},
  });

  // A plain address: the saved lesson opens again, with its prediction, and so does the one before.
  await openApp(page);
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', 'webhook');
  await expect(page.getByTestId('lesson-prediction')).toHaveValue('40');
  await expect(page.getByTestId('saved-progress')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByTestId('lesson-back').click();
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', 'api');
  await expect(page.getByTestId('lesson-prediction')).toHaveValue('48');

  // A link to another lesson opens that lesson, not the saved one.
  await openApp(page, '?lesson=security');
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', 'security');
  await expect(page.getByTestId('lesson-prediction')).toHaveValue('');

  await page.getByTestId('start-over').click();
  await expect(page.getByTestId('lesson')).toHaveCount(0);
  await expect(page.getByTestId('saved-progress')).toHaveCount(0);
  await expect.poll(() => stored(page)).toBeNull();
  await openApp(page);
  await expect(page.getByTestId('lesson')).toHaveCount(0);
});

test('a record that is not ours is ignored and the page works', async ({ guarded: page }) => {
  await openApp(page);
  for (const junk of ['{', '{"version":1,"lesson":5}', '{"version":9,"lesson":"api"}', 'null']) {
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, junk]);
    await openApp(page);
    await expect(page.getByTestId('lesson')).toHaveCount(0);
    await expect(page.getByTestId('sim-clock')).toHaveText(/^Simulated time /);
  }
});

test('a page inside a frame reads what was saved but never writes', async ({ guarded: page }) => {
  await page.route('**/host.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host page</title></head><body>
<main><h1>Host page</h1><div id="slot"></div></main></body></html>`,
    }),
  );
  await page.goto('host.html');
  const saved = JSON.stringify({ version: 1, lesson: 'mailbox-doorbell', predictions: { 'mailbox-doorbell': '95' }, quiz: {} });
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, saved]);
  for (const src of ['index.html', 'index.html?embed=1']) {
    await page.evaluate((s) => {
      document.getElementById('slot')!.innerHTML =
        `<iframe id="app" src="${s}" title="Webhook vs API simulator" width="1000" height="700"></iframe>`;
    }, src);
    const frame = page.frameLocator('#app');
    // Same origin and not sandboxed: the frame may read the learner's record...
    await expect(frame.getByTestId('lesson')).toHaveAttribute('data-lesson', 'mailbox-doorbell');
    await expect(frame.getByTestId('lesson-prediction')).toHaveValue('95');
    await expect(frame.getByTestId('saved-progress')).toHaveCount(0);
    // ...but what happens in it is never written.
    await frame.getByTestId('lesson-prediction').fill('7');
    await frame.getByTestId('lesson-next').click();
    await expect(frame.getByTestId('lesson')).toHaveAttribute('data-lesson', 'api-steps');
    await frame.getByTestId('lesson-prediction').fill('300');
    await expect(frame.getByTestId('lesson-prediction')).toHaveValue('300');
    // Give any write a chance to land before checking there was none.
    await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => r(true))));
    expect(await page.evaluate((k) => localStorage.getItem(k), KEY)).toBe(saved);
    expect(await page.evaluate(() => localStorage.length)).toBe(1);
  }
});

test('the teacher page lays out the plan and its links open the right steps', async ({ guarded: page, baseURL }) => {
  await openApp(page, '?mode=compare');
  await page.getByRole('button', { name: 'For teachers' }).click();
  const guide = page.getByTestId('teacher');
  await expect(guide.getByRole('heading', { level: 2 })).toContainText('45-minute');
  await expect(guide.getByTestId('teacher-step')).toHaveCount(7);
  await expect(guide.getByTestId('teacher-step').first()).toContainText('How many requests will the 8 shops send');
  await expect(guide.getByTestId('teacher-locked-link')).toHaveAttribute('href', `${baseURL}index.html?lesson=api&lock=1`);
  expect(await axeViolations(page)).toEqual([]);

  const link = guide.getByTestId('teacher-link-security');
  await expect(link).toHaveAttribute('href', `${baseURL}index.html?lesson=security`);
  await link.click();
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', 'security');
  await expect(page.getByRole('radio', { name: 'Webhook' })).toBeChecked();

  await openApp(page, '?lesson=api&lock=1');
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', 'api');
  await expect(page.getByTestId('lesson-next')).toBeDisabled();
});

test('the teacher page names the lessons outside the plan, the concept checks and the security drills, each by its address', async ({ guarded: page, baseURL }) => {
  await openApp(page, '?view=teacher');
  const guide = page.getByTestId('teacher');
  await expect(guide.getByTestId('teacher-extra-long-polling')).toHaveAttribute('href', `${baseURL}index.html?lesson=long-polling`);
  await expect(guide.getByTestId('teacher-quiz')).toContainText(/\d+ questions without numbers, scored by chapter: Basics \(\d+\)/);
  await expect(guide.getByTestId('teacher-quiz-link')).toHaveAttribute('href', `${baseURL}index.html?view=quiz`);
  await expect(guide.getByTestId('teacher-drills').getByRole('listitem')).toHaveCount(6);
  await expect(guide.getByTestId('teacher-drills')).toContainText('A delivery changed on the way');
  const drills = guide.getByTestId('teacher-drills-link');
  await expect(drills).toHaveAttribute('href', `${baseURL}index.html?view=quiz#drill-steps`);
  expect(await axeViolations(page)).toEqual([]);
  // The link opens the concept checks at their drills, and drops the fragment once used.
  await drills.click();
  await expect(page.getByRole('heading', { name: 'Security drills: predict, then run' })).toBeFocused();
  await expect(page).toHaveURL(`${baseURL}index.html?view=quiz`);
});
