import { execFileSync } from 'node:child_process';
import type { Locator, Page } from '@playwright/test';
import { test, expect, openApp, axeViolations } from './fixtures';

/**
 * The concept checks as a learner meets them: reached from the header, the lessons or a link,
 * answered with the keyboard alone, scored by chapter, and explained only once answered. The
 * answer key is printed from the question text itself (`examples/quiz_answers.rs`).
 */
type Key =
  | { kind: 'choice'; right: string; wrong: { id: string; label: string; why: string } }
  | { kind: 'order'; steps: string[] }
  | { kind: 'match'; rows: { label: string; entry: string }[] };
type Question = { id: string; chapter: number; key: Key };
/** A security step: the answer its native run gives, and the counts that run measured. */
type DrillStep = { id: string; right: string; counts: Record<string, number> };
const { questions, drills }: { questions: Question[]; drills: DrillStep[] } = JSON.parse(
  execFileSync('cargo', ['run', '--quiet', '--example', 'quiz_answers'], { encoding: 'utf8', timeout: 600_000 }),
);
const chapters = Math.max(...questions.map((q) => q.chapter)) + 1;

const form = (page: Page, q: Question) => page.getByTestId(`q-${q.id}`);

/** The id of the element that has the keyboard focus. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

async function chooseByKeyboard(page: Page, f: Locator, label: string) {
  await f.getByRole('radio', { name: label, exact: true }).focus();
  await page.keyboard.press('Space');
  await expect(f.getByRole('radio', { name: label, exact: true })).toBeChecked();
  await f.getByTestId('quiz-check').press('Enter');
}

/** Puts each step in its place with the Move up buttons, pressing Enter on whatever has the focus
 * after the first press: the focus must follow the step it moved. */
async function orderByKeyboard(page: Page, q: Question, steps: string[]) {
  const f = form(page, q);
  for (let place = 0; place < steps.length; place++) {
    const at = async () =>
      f.locator('ol.quiz-order > li').evaluateAll((lis, id) => lis.findIndex((li) => li.getAttribute('data-step') === id), steps[place]);
    let from = await at();
    if (from === place) continue;
    await f.locator(`#q-${q.id}-up-${from}`).press('Enter');
    for (from -= 1; from > place; from--) {
      expect(await focused(page)).toBe(`q-${q.id}-up-${from}`);
      await page.keyboard.press('Enter');
    }
    await expect.poll(at).toBe(place);
  }
  await f.getByTestId('quiz-check').press('Enter');
}

/** Pairs each row by stepping through its menu with the arrow keys. */
async function matchByKeyboard(page: Page, q: Question, rows: { label: string; entry: string }[]) {
  const f = form(page, q);
  for (const row of rows) {
    const menu = f.getByLabel(row.label, { exact: true });
    await menu.focus();
    const options = await menu.locator('option').count();
    for (let n = 0; n < options; n++) {
      const shown = await menu.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? '');
      if (shown === row.entry) break;
      await page.keyboard.press('ArrowDown');
    }
    await expect(menu.locator('option:checked')).toHaveText(row.entry);
  }
  await f.getByTestId('quiz-check').press('Enter');
}

test('every question answered right by keyboard scores 100 % in each chapter, and the answers survive a reload', async ({ guarded: page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await page.getByRole('button', { name: 'Quiz', exact: true }).click();
  await expect(page).toHaveURL(/[?&]view=quiz\b/);
  await expect(page.getByRole('heading', { level: 2, name: 'Check your understanding' })).toBeFocused();
  await expect(page.getByTestId('quiz-score')).toContainText(`0 of ${questions.length} right (0 %)`);
  // Nothing is explained before it is answered.
  await expect(page.locator('.quiz-why')).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);

  for (const q of questions) {
    const f = form(page, q);
    if (q.key.kind === 'choice') await chooseByKeyboard(page, f, q.key.right);
    else if (q.key.kind === 'order') await orderByKeyboard(page, q, q.key.steps);
    else await matchByKeyboard(page, q, q.key.rows);
    await expect(f.getByTestId('quiz-verdict'), q.id).toHaveText('Right.');
    await expect(page.getByTestId('quiz-said')).toHaveText('Right.');
  }
  await expect(page.getByTestId('quiz-score')).toContainText(`${questions.length} of ${questions.length} right (100 %)`);
  for (let c = 0; c < chapters; c++) {
    const n = questions.filter((q) => q.chapter === c).length;
    await expect(page.getByTestId(`quiz-score-${c}`)).toHaveText(`${n} of ${n} right (100 %)`);
  }
  expect(await axeViolations(page)).toEqual([]);

  // Saved progress keeps the answers; the simulator tab closes the view and the address follows.
  await openApp(page, '?view=quiz');
  await expect(page.getByTestId('quiz-score')).toContainText('(100 %)');
  await page.getByRole('button', { name: 'Simulator', exact: true }).click();
  await expect(page.getByTestId('quiz')).toHaveCount(0);
  await expect(page).not.toHaveURL(/view=quiz/);
});

test('a wrong answer shows why it is wrong and which option was right; a jumbled order and a wrong pair are explained', async ({ guarded: page }) => {
  await openApp(page, '?view=quiz');
  const choice = questions.find((q) => q.key.kind === 'choice')!;
  const key = choice.key as Extract<Key, { kind: 'choice' }>;
  const f = form(page, choice);
  await expect(f.getByTestId(`why-${key.wrong.id}`)).toHaveCount(0);
  await chooseByKeyboard(page, f, key.wrong.label);
  await expect(f.getByTestId('quiz-verdict')).toHaveText('Not quite.');
  await expect(page.getByTestId('quiz-said')).toHaveText('Not quite.');
  await expect(f.getByTestId(`why-${key.wrong.id}`)).toHaveText(key.wrong.why);
  await expect(f.getByText(key.right, { exact: true })).toBeVisible();
  await expect(f).toContainText('(your answer)');
  await expect(f).toContainText('(the right answer)');
  await expect(f.getByRole('radio', { name: key.right, exact: true })).toBeDisabled();
  await expect(page.getByTestId(`quiz-score-${choice.chapter}`)).toContainText('0 of');

  // An order submitted as first offered, and a matching question with its rows left unpaired.
  const order = questions.find((q) => q.key.kind === 'order')!;
  await form(page, order).getByTestId('quiz-check').click();
  await expect(form(page, order).getByTestId('quiz-verdict')).toHaveText('Not quite.');
  await expect(form(page, order)).toContainText('is the first out of order');
  await expect(form(page, order).getByTestId('quiz-explanation')).toBeVisible();
  const pairs = questions.find((q) => q.key.kind === 'match')!;
  await form(page, pairs).getByTestId('quiz-check').click();
  await expect(form(page, pairs).getByTestId('quiz-verdict')).toHaveText('Not quite.');
  await expect(form(page, pairs).getByTestId('quiz-explanation')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // Clearing the answers hides every explanation again.
  await page.getByTestId('quiz-restart').click();
  await expect(page.locator('.quiz-why')).toHaveCount(0);
  await expect(page.getByTestId('quiz-score')).toContainText('0 of');
});

test('the lessons lead to the concept checks and back', async ({ guarded: page }) => {
  await openApp(page, '?lesson=api');
  await page.getByTestId('lesson-quiz').click();
  await expect(page.getByTestId('quiz')).toBeVisible();
  await expect(page.getByTestId('lesson')).toBeHidden();
  await page.getByTestId('quiz-close').click();
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', 'api');
});

test('a security step: predict, run the drill, and read what it measured', async ({ guarded: page }) => {
  await openApp(page, '?view=quiz');
  const tamper = drills.find((d) => d.id === 'tamper')!;
  const step = page.getByTestId('drill-step-tamper');
  // Nothing is measured or explained before the prediction.
  await expect(step.locator('[data-testid^="drill-step-count-"]')).toHaveCount(0);
  await expect(step.locator('.quiz-why')).toHaveCount(0);
  await step.getByTestId('drill-step-run').press('Enter');
  await expect(page.getByTestId('quiz-said')).toHaveText('Choose one of the options first.');
  await expect(step.locator('[data-testid^="drill-step-count-"]')).toHaveCount(0);

  await step.getByRole('radio', { name: tamper.right, exact: true }).focus();
  await page.keyboard.press('Space');
  await step.getByTestId('drill-step-run').press('Enter');
  await expect(step.getByTestId('quiz-verdict')).toHaveText('Right.');
  expect(tamper.counts.rejected).toBeGreaterThan(0);
  for (const [key, n] of Object.entries(tamper.counts)) {
    await expect(step.getByTestId(`drill-step-count-${key}`), key).toHaveText(String(n));
  }
  await expect(step.locator('.quiz-why').first()).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // A wrong prediction on another step is graded against that step's own run.
  const limit = drills.find((d) => d.id === 'rate-limit')!;
  const other = page.getByTestId('drill-step-rate-limit');
  await other.locator('li').filter({ hasNotText: limit.right }).first().getByRole('radio').check();
  await other.getByTestId('drill-step-run').click();
  await expect(other.getByTestId('quiz-verdict')).toHaveText('Not quite.');
  await expect(other).toContainText(`${limit.right} (what the run did)`);
  await expect(other.getByTestId('drill-step-count-limited')).toHaveText(String(limit.counts.limited));
});
