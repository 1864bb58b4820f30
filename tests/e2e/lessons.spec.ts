import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Page } from '@playwright/test';
import { test, expect, openApp, axeViolations } from './fixtures';

/**
 * Each step's closed-form answer and its misconceptions' values, worked from the step's own
 * settings by the lessons' grader (`examples/lesson_answers.rs`); the claims ledger checks those
 * closed forms natively against the simulation.
 */
type Step = { slug: string; unit: string; answer: string | null; misconceptions: { name: string; typed: string }[] };
const steps: Step[] = JSON.parse(
  execFileSync('cargo', ['run', '--release', '--quiet', '--example', 'lesson_answers'], { encoding: 'utf8', timeout: 600_000 }),
);

/** The number of steps, as the lessons' table declares it. */
const COUNT = Number(/PLANS: \[Plan; (\d+)\]/.exec(readFileSync('src/lessons.rs', 'utf8'))?.[1]);

/** Steps where the learner types a misconception and must hear it named. */
const MISTAKES: Record<string, string> = { 'api-steps': 'FullInterval', together: 'BothCheaper', 'long-polling': 'TimedShare' };

/** The number as a word of its own, with a point or a comma for decimals. */
function numberWord(n: string): RegExp {
  return new RegExp(`(^|[^\\d.,])${n.replace('.', '[.,]')}(?![\\d]|[.,]\\d)`);
}

/** The forms the answer could be shown in: as the grader formats it, and to one decimal. */
function answerForms(answer: string): RegExp[] {
  const forms = [answer];
  if (answer.includes('.')) forms.push(Number(answer).toFixed(1));
  return forms.map(numberWord);
}

/**
 * The text a learner can see or hear: every rendered text node, leaving out what only states the
 * setup or the navigation: the lesson and speed menus (lesson numbers, speeds) and the stage's
 * client names.
 */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || parent.closest('select, svg.stage, script, style')) continue;
      if (!parent.checkVisibility({ visibilityProperty: true })) continue;
      out.push(n.textContent ?? '');
    }
    return out.join(' | ');
  });
}

/**
 * The accessibility tree, without the menus' options, the settings fields' values and the stage
 * picture (its client names; the messages it shows are checked apart).
 */
async function accessibleText(page: Page): Promise<string> {
  const yaml = await page.locator('body').ariaSnapshot();
  return yaml
    .split('\n')
    .filter((l) => !/^\s*- (option|combobox|spinbutton|slider|img "Server and clients)\b/.test(l))
    // Attributes such as [level=2] are the tree's markup, not text.
    .map((l) => l.replace(/\[[a-z]+(=[^\]]*)?\]/g, ''))
    .join('\n');
}

/** Lets the page draw `frames` animation frames: time enough for a running clock to move. */
async function frames(page: Page, frames: number) {
  await page.evaluate(
    (count) => new Promise<void>((done) => {
      let n = 0;
      const next = () => (++n >= count ? done() : requestAnimationFrame(next));
      requestAnimationFrame(next);
    }),
    frames,
  );
}

async function expectNothingAnswers(page: Page, step: Step) {
  for (const prefix of ['counter-', 'theory-', 'comparison-']) {
    await expect(page.locator(`[data-testid^="${prefix}"]`), `${step.slug}: ${prefix}`).toHaveCount(0);
  }
  await expect(page.getByTestId('chart')).toHaveCount(0);
  await expect(page.getByTestId('log')).toHaveCount(0);
  await expect(page.getByTestId('predict-first')).toBeVisible();
  await expect(page.getByTestId('announcer')).toHaveText(/^Predict first/);
  await expect(page.getByTestId('play')).toBeDisabled();
  // About a second of frames: a running clock would have moved, and messages would be in flight.
  await frames(page, 60);
  await expect(page.getByTestId('sim-clock')).toHaveText('Simulated time 0:00:00.000');
  for (const stage of await page.locator('svg.stage desc').all()) {
    await expect(stage).toHaveText(/^0 messages travelling/);
  }
  const text = await visibleText(page);
  const tree = await accessibleText(page);
  for (const form of answerForms(step.answer!)) {
    expect(text, `${step.slug}: the answer ${step.answer} in the page text`).not.toMatch(form);
    expect(tree, `${step.slug}: the answer ${step.answer} in the accessibility tree`).not.toMatch(form);
  }
}

/** Types `typed` (a decimal point written as a comma when `comma`) and runs the step. */
async function predictAndRun(page: Page, typed: string, comma = false) {
  await page.getByTestId('lesson-prediction').fill(comma ? typed.replace('.', ',') : typed);
  await page.getByTestId('lesson-run').click();
  await expect(page.getByTestId('lesson-reveal')).toBeVisible({ timeout: 60_000 });
}

/** The walk through every step, in parts that run side by side; each part goes on with Next. */
const PARTS = 4;
for (let part = 0; part < PARTS; part++) {
  const from = Math.floor((part * COUNT) / PARTS);
  const to = Math.floor(((part + 1) * COUNT) / PARTS);
  test(`a learner walks steps ${from + 1} to ${to}: nothing answers a step before its run, and the theory value is graded`, async ({ guarded: page }) => {
    test.setTimeout(600_000);
    expect(steps).toHaveLength(COUNT);
    if (part === 0) {
      await openApp(page);
      await page.getByRole('button', { name: 'Guided lessons' }).click();
    } else {
      await openApp(page, `?lesson=${steps[from].slug}`);
    }
    for (let i = from; i < to; i++) {
      const step = steps[i];
      await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', step.slug);
      await expect(page.getByTestId('lesson-step')).toHaveText(`Lesson ${i + 1} of ${COUNT}`);
      // Next (and the tab) take the focus to the new step's title; a link opens without moving it.
      if (part === 0 || i > from) await expect(page.getByTestId('lesson-title')).toBeFocused();
      expect(step.answer, `${step.slug} has a closed form`).not.toBeNull();
      await expectNothingAnswers(page, step);
      expect(await axeViolations(page), `${step.slug} before its run`).toEqual([]);

      // Decimal answers are typed with a decimal comma, as many learners write them.
      await predictAndRun(page, step.answer!, step.answer!.includes('.'));
      const verdict = page.getByTestId('lesson-verdict');
      await expect(verdict).toHaveAttribute('data-verdict', /^(exact|close)$/);
      await expect(page.getByTestId('lesson-predicted')).toHaveText(`${step.answer} ${step.unit}`);
      await expect(page.getByTestId('lesson-theory')).toHaveText(`${step.answer} ${step.unit}`);
      await expect(page.getByTestId('lesson-measured')).toHaveText(new RegExp(`^\\d[\\d.]* ${step.unit}$`));
      await expect(page.getByTestId('lesson-working')).toContainText(step.answer!);
      await expect(page.getByTestId('lesson-why')).not.toBeEmpty();
      // The run played on the visible simulator, which now shows its figures.
      await expect(page.getByTestId('sim-clock')).not.toHaveText('Simulated time 0:00:00.000');
      await expect(page.locator('[data-testid^="counter-requests-"]').first()).toBeVisible();
      await expect(page.getByTestId('predict-first')).toHaveCount(0);

      const mistake = step.misconceptions.find((m) => m.name === MISTAKES[step.slug]);
      if (mistake) {
        await predictAndRun(page, mistake.typed);
        await expect(verdict).toHaveAttribute('data-verdict', 'misconception');
        await expect(verdict).toHaveAttribute('data-misconception', mistake.name);
      }
      expect(await axeViolations(page), `${step.slug} revealed`).toEqual([]);
      if (i + 1 < to) await page.getByTestId('lesson-next').click();
    }
  });
}

test('the security step opens the security drills of the concept checks', async ({ guarded: page }) => {
  await openApp(page, '?lesson=security');
  await page.getByTestId('lesson-drills').click();
  await expect(page.getByTestId('drill-steps')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Security drills: predict, then run' })).toBeFocused();
  // Opened again from the tab, the view starts at its top.
  await page.getByRole('button', { name: 'Simulator', exact: true }).click();
  await page.getByRole('button', { name: 'Quiz', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Check your understanding' })).toBeFocused();
});

test('the misconceptions the walk types exist for their steps', () => {
  for (const [slug, name] of Object.entries(MISTAKES)) {
    expect(steps.find((s) => s.slug === slug)?.misconceptions.map((m) => m.name)).toContain(name);
  }
});

test('a refused prediction says why and never runs; a decimal comma is read as a point', async ({ guarded: page }) => {
  await openApp(page, '?lesson=mailbox-doorbell');
  const input = page.getByTestId('lesson-prediction');
  await expect(input).toHaveAttribute('inputmode', 'decimal');
  await expect(input).toHaveAttribute('type', 'text');
  const run = page.getByTestId('lesson-run');
  await expect(run).toBeDisabled();
  await input.fill('1,500');
  await expect(page.getByTestId('lesson-hint')).toContainText('decimal comma or a thousands separator');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(run).toBeDisabled();
  await input.press('Enter');
  await frames(page, 30);
  await expect(page.getByTestId('sim-clock')).toHaveText('Simulated time 0:00:00.000');
  await expect(page.getByTestId('lesson-reveal')).toHaveCount(0);
  await input.fill('95,4');
  await expect(page.getByTestId('lesson-hint')).toHaveText('');
  await run.click();
  await expect(page.getByTestId('lesson-predicted')).toHaveText('95.4 %');
});

test('on a phone, Next and Back bring the step title into view and focus it; Run shows the stage', async ({ guarded: page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page, '?lesson=real-time');
  const title = page.getByTestId('lesson-title');
  await page.getByTestId('lesson-next').scrollIntoViewIfNeeded();
  await page.getByTestId('lesson-next').click();
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', 'table');
  await expect(title).toBeFocused();
  await expect(title).toBeInViewport();
  await page.getByTestId('lesson-back').scrollIntoViewIfNeeded();
  await page.getByTestId('lesson-back').click();
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', 'real-time');
  await expect(title).toBeFocused();
  await expect(title).toBeInViewport();
  await page.locator('#lesson-menu').selectOption({ label: '7. Efficiency: the cost of asking' });
  await page.getByTestId('lesson-prediction').fill('50');
  // Where the stage is one frame after Run, before the run can end and bring the result up.
  const seen = await page.evaluate(async () => {
    (document.querySelector('[data-testid=lesson-run]') as HTMLElement).click();
    await new Promise((done) => requestAnimationFrame(done));
    const r = document.querySelector('[data-testid=stage-0]')!.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, viewport: innerHeight };
  });
  expect(seen.top).toBeLessThan(seen.viewport);
  expect(seen.bottom).toBeGreaterThan(0);
  // Once measured, the result comes into view.
  await expect(page.getByTestId('lesson-reveal')).toBeInViewport({ timeout: 60_000 });
});

test('the glossary opens from a lesson and names the terms the step uses first', async ({ guarded: page }) => {
  await openApp(page, '?lesson=webhook');
  const glossary = page.getByTestId('glossary');
  await expect(glossary.locator('summary')).toContainText('New in this lesson');
  await expect(glossary.locator('summary')).toContainText('Endpoint');
  await glossary.locator('summary').click();
  await expect(glossary.getByText('The time one message takes to cross the network, one way.')).toBeVisible();
});

test('after the run, the comparison table says who starts the exchange apart from where the data goes', async ({ guarded: page }) => {
  await openApp(page, '?lesson=table');
  await expect(page.getByTestId('comparison')).toHaveCount(0);
  await page.getByTestId('lesson-prediction').fill('2');
  await page.getByTestId('lesson-run').click();
  const table = page.getByTestId('comparison');
  await expect(table.getByRole('row', { name: /Who starts the exchange/ })).toContainText('The client, with a request');
  await expect(table.getByRole('row', { name: /Which way the data goes/ })).toContainText('Server → client, in the response');
  await expect(page.getByTestId('comparison-initiator')).toContainText('requests started by clients');
  await expect(page.getByTestId('comparison-data-direction')).toContainText('reached the clients from the server');
});
