import { Page } from '@playwright/test';
import { test, expect, openApp, axeViolations, allowFramedRequests } from './fixtures';

/** The query part of the page's address, without the `?`. */
async function query(page: Page): Promise<string> {
  return new URL(page.url()).search.replace(/^\?/, '');
}

async function checkedMode(page: Page): Promise<string> {
  return page.locator('input[name=mode]:checked').evaluate((e) => (e as HTMLInputElement).value);
}

/** What the page shows of its state: the address must describe exactly this. */
async function visibleState(page: Page) {
  const embedded = (await page.getByRole('banner').count()) === 0;
  return {
    mode: await checkedMode(page),
    clients: await page.getByTestId('input-clients').inputValue(),
    interval: await page.getByTestId('input-interval').inputValue(),
    rate: await page.getByTestId('input-rate').inputValue(),
    latency: await page.getByTestId('input-latency').inputValue(),
    preset: await page.locator('#preset').inputValue(),
    speed: await page.locator('#speed').inputValue(),
    theme: await page.evaluate(() => document.documentElement.getAttribute('data-theme')),
    embedded,
    locked: await page.getByTestId('input-clients').isDisabled(),
    lesson: (await page.getByTestId('lesson').count()) ? await page.getByTestId('lesson').getAttribute('data-lesson') : null,
  };
}

test.describe('URL state', () => {
  const cases: [string, Partial<Awaited<ReturnType<typeof visibleState>>>][] = [
    ['mode=webhook', { mode: 'webhook', preset: 'orders', speed: '1' }],
    ['mode=compare&preset=chat&seed=9&speed=25', { mode: 'compare', preset: 'chat', clients: '12', interval: '2', speed: '25' }],
    ['clients=250&interval=7.5&rate=0.25&latency=300', { mode: 'polling', preset: '', clients: '250', interval: '7.5', rate: '0.25', latency: '300' }],
    ['mode=hybrid&preset=payments&lock=1', { mode: 'hybrid', preset: 'payments', clients: '8', locked: true }],
    ['lesson=table', { mode: 'compare', lesson: 'table', preset: 'orders' }],
    ['lesson=efficiency&mode=polling', { mode: 'polling', lesson: 'efficiency', clients: '10', interval: '60', rate: '0.015' }],
    ['speed=0.25&theme=dark', { speed: '0.25', theme: 'dark' }],
    ['theme=projector', { theme: 'projector' }],
    ['embed=1', { embedded: true, mode: 'polling' }],
  ];
  for (const [q, expected] of cases) {
    test(`?${q} loads, keeps its address and shows that state`, async ({ guarded: page }) => {
      await openApp(page, `?${q}`);
      const state = await visibleState(page);
      expect(state).toMatchObject({ theme: null, embedded: false, locked: false, lesson: null, ...expected });
      // Nothing changed, so the address stays exactly as given.
      await expect.poll(() => query(page)).toBe(q);
      await expect(page.getByTestId('url-notice')).toHaveCount(0);
    });
  }

  test('the address follows every change, and reopening it restores the state', async ({ guarded: page }) => {
    await openApp(page);
    await expect.poll(() => query(page)).toBe('');
    await page.getByRole('radio', { name: 'Webhook' }).click();
    await expect.poll(() => query(page)).toBe('mode=webhook');
    await page.locator('#preset').selectOption('chat');
    await expect.poll(() => query(page)).toBe('mode=webhook&preset=chat');
    await page.getByTestId('input-clients').fill('250');
    await page.getByTestId('input-clients').blur();
    await expect.poll(() => query(page)).toBe('mode=webhook&clients=250&interval=2&rate=20&latency=40');
    await page.locator('#speed').selectOption('5');
    await expect.poll(() => query(page)).toContain('&speed=5');
    await page.getByTestId('theme').selectOption('dark');
    await expect.poll(() => query(page)).toContain('&theme=dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.getByTestId('projector').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'projector');
    const q = await query(page);
    expect(q).toBe('mode=webhook&clients=250&interval=2&rate=20&latency=40&speed=5&theme=projector');
    const before = await visibleState(page);
    await openApp(page, `?${q}`);
    expect(await visibleState(page)).toEqual(before);
    await expect.poll(() => query(page)).toBe(q);
  });

  test('out-of-range values are clamped and listed in a dismissible notice', async ({ guarded: page }) => {
    await openApp(page, '?clients=99999&speed=3&colour=red');
    const notice = page.getByTestId('url-notice');
    await expect(notice).toContainText('10000');
    await expect(notice).toContainText('Speed');
    await expect(notice).toContainText('colour');
    await expect(page.getByTestId('input-clients')).toHaveValue('10000');
    await expect.poll(() => query(page)).toBe('clients=10000&interval=5&rate=6&latency=60&speed=2');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toHaveCount(0);
  });

  test('a locked page disables the settings and says why', async ({ guarded: page }) => {
    await openApp(page, '?preset=payments&lock=1');
    await expect(page.getByTestId('lock-note')).toBeVisible();
    for (const f of ['clients', 'interval', 'rate', 'latency']) {
      await expect(page.getByTestId(`input-${f}`)).toBeDisabled();
    }
    await expect(page.locator('#preset')).toBeDisabled();
  });
});

/** A small seeded generator, so a failure names a query that can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Fragments each of which must be reported: wrong types, huge numbers, unicode, repeats, script. */
const BAD = [
  'clients=abc', 'interval=NaN', 'rate=1e999', 'latency=-5', 'latency=1.5', 'seed=-1',
  'seed=99999999999999999999999', 'speed=Infinity', 'speed=1e-400', 'mode=push', 'mode=', 'preset=%F0%9F%9A%80',
  'theme=neon', 'embed=maybe', 'lock=2', 'lesson=0', 'lesson=999', 'lesson=%3Cscript%3Ealert(1)%3C/script%3E',
  '<script>=1', '%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E', '%', '%zz=1', 'mode=%E0%A4%A', 'ключ=значение',
  'clients=1&clients=2', 'x', '=1', 'mode=webhook&mode=webhook', 'clients=0x10', 'interval=1,5',
  `a=${'z'.repeat(3000)}`, 'clients=10000.5', 'speed=-0', 'javascript:alert(1)', 'mode=WEBHOOK',
  'preset=orders%00', '%E2%80%AE=1', 'rate=5..5', 'seed=1.5', 'theme=light&theme=dark',
  'view=labs', 'view=', 'view=LAB',
];
const GOOD = ['mode=compare', 'preset=orders', 'speed=2', 'mode=webhook', 'seed=3', 'lesson=api', 'theme=dark', 'embed=1', 'view=lab'];

function malformedQueries(count: number): string[] {
  const next = rng(20_261_127);
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  const unicode = () =>
    Array.from({ length: 1 + Math.floor(next() * 6) }, () =>
      String.fromCodePoint(pick([0x41, 0xe9, 0x416, 0x4e2d, 0x1f600, 0x202e, 0x3c, 0x22]) + Math.floor(next() * 20)),
    ).join('').replace(/[#&=]/g, '');
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts = [BAD[i % BAD.length]];
    const extra = Math.floor(next() * 4);
    for (let k = 0; k < extra; k++) {
      const r = next();
      parts.push(r < 0.4 ? pick(BAD) : r < 0.7 ? pick(GOOD) : `${pick(['mode', 'clients', 'seed', unicode()])}=${unicode()}`);
    }
    // Shuffle, so the bad fragment is not always first.
    parts.sort(() => next() - 0.5);
    out.push(parts.join('&'));
  }
  return out;
}

test.describe('robustness', () => {
  const queries = malformedQueries(220);
  const chunks = 4;
  for (let c = 0; c < chunks; c++) {
    test(`malformed queries load with a notice and no error (part ${c + 1} of ${chunks})`, async ({ guarded: page }) => {
      test.setTimeout(180_000);
      for (const q of queries.filter((_, i) => i % chunks === c)) {
        await openApp(page, `?${q}`);
        await expect(page.getByTestId('url-notice'), q).toBeVisible();
        await expect(page.locator('input[name=mode]:checked'), q).toHaveCount(1);
      }
    });
  }
});

test.describe('embedding', () => {
  test('a sandboxed iframe on a loopback host page reports ready and its height changes', async ({ guarded: page, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    await allowFramedRequests(page, origin);
    await page.route('**/host.html', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host page</title></head><body>
<script>
  window.messages = [];
  addEventListener('message', (e) => { window.messages.push(e.data); });
</script>
<main><h1>Host page</h1>
<iframe id="app" src="index.html?embed=1&mode=compare" title="Webhook vs API simulator" width="900" height="600" sandbox="allow-scripts"></iframe>
</main></body></html>`,
      }),
    );
    await page.goto('host.html');
    type Msg = { type: string; height?: number };
    const messages = () => page.evaluate(() => (window as unknown as { messages: Msg[] }).messages);
    await expect.poll(async () => (await messages()).some((m) => m.type === 'webhook-vs-api:ready')).toBe(true);
    const heights = async () => (await messages()).filter((m) => m.type === 'webhook-vs-api:resize').map((m) => m.height);
    await expect.poll(async () => (await heights()).length).toBeGreaterThan(0);
    const first = (await heights()).at(-1)!;
    expect(first).toBeGreaterThan(100);

    const frame = page.frameLocator('#app');
    await expect(frame.getByRole('heading', { level: 1 })).toHaveText('Webhook vs API');
    await expect(frame.getByRole('banner')).toHaveCount(0);
    await expect(frame.getByRole('contentinfo')).toHaveCount(0);

    // A narrower frame stacks the layout: the page must report its new height.
    await page.locator('#app').evaluate((f) => { (f as HTMLIFrameElement).width = '360'; });
    await expect.poll(async () => (await heights()).at(-1)).not.toBe(first);
    const narrow = (await heights()).at(-1)!;
    expect(narrow).toBeGreaterThan(first);
  });

  test('the Embed button shows a ready-to-paste sandboxed iframe for the current state', async ({ guarded: page }) => {
    await openApp(page, '?mode=webhook&preset=chat');
    await page.getByTestId('embed-button').click();
    const snippet = await page.getByTestId('embed-snippet').inputValue();
    expect(snippet).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/index\.html\?mode=webhook&preset=chat&embed=1" title="Webhook vs API simulator" width="100%" height="\d+" sandbox="allow-scripts" loading="lazy"><\/iframe>$/);
    await expect(page.getByTestId('share-link')).toHaveAttribute('href', /\?mode=webhook&preset=chat$/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await expect(page.getByTestId('copy-status')).not.toHaveText('');
    expect(await axeViolations(page)).toEqual([]);
  });

  test('embed mode: compact, no page chrome, no axe violations', async ({ guarded: page }) => {
    await openApp(page, '?embed=1');
    await expect(page.getByRole('banner')).toHaveCount(0);
    await expect(page.getByRole('main')).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });
});

test('projector mode: large type, high contrast, no axe violations', async ({ guarded: page }) => {
  await openApp(page);
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await size();
  await page.getByTestId('projector').click();
  await expect(page.getByTestId('projector')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(size).toBeGreaterThan(normal * 1.2);
  expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe('rgb(0, 0, 0)');
  expect(await axeViolations(page)).toEqual([]);
  await openApp(page, '?theme=projector');
  await expect(page.getByTestId('projector')).toHaveAttribute('aria-pressed', 'true');
  expect(await axeViolations(page)).toEqual([]);
});

test.describe('lessons', () => {
  test('walking forward and back restores each step exactly', async ({ guarded: page }) => {
    test.setTimeout(120_000);
    await openApp(page);
    await page.getByRole('button', { name: 'Guided lessons' }).click();
    const lesson = page.getByTestId('lesson');
    await expect(lesson).toHaveAttribute('data-lesson', 'api');
    const total = Number((await page.getByTestId('lesson-step').innerText()).match(/of (\d+)/)![1]);
    expect(total).toBeGreaterThanOrEqual(10);

    const seen: { state: Awaited<ReturnType<typeof visibleState>>; q: string; reveal: string | null }[] = [];
    for (let i = 0; i < total; i++) {
      await expect(page.getByTestId('lesson-step')).toHaveText(`Lesson ${i + 1} of ${total}`);
      if (i === 0) {
        // The learner answers and runs the first step; Back must bring that back too.
        await page.getByTestId('lesson-prediction').fill('48');
        await page.getByTestId('lesson-run').click();
        await expect(page.getByTestId('lesson-reveal')).toBeVisible();
      }
      if (i === 1) await page.locator('#speed').selectOption('5');
      const slug = await lesson.getAttribute('data-lesson');
      await expect.poll(() => query(page)).toContain(`lesson=${slug}`);
      seen.push({
        state: await visibleState(page),
        q: await query(page),
        reveal: (await page.getByTestId('lesson-reveal').count()) ? await page.getByTestId('lesson-reveal').textContent() : null,
      });
      if (i + 1 < total) await page.getByTestId('lesson-next').click();
    }
    await expect(page.getByTestId('lesson-next')).toBeDisabled();
    expect(new Set(seen.map((s) => s.state.lesson)).size).toBe(total);

    for (let i = total - 1; i >= 0; i--) {
      await expect(page.getByTestId('lesson-step')).toHaveText(`Lesson ${i + 1} of ${total}`);
      expect(await visibleState(page)).toEqual(seen[i].state);
      await expect.poll(() => query(page)).toBe(seen[i].q);
      if (seen[i].reveal) await expect(page.getByTestId('lesson-reveal')).toHaveText(seen[i].reveal!);
      else await expect(page.getByTestId('lesson-reveal')).toHaveCount(0);
      await page.getByTestId('lesson-back').click();
    }
    // Before the first lesson the learner was in the plain simulator: Back returns there.
    await expect(page.getByTestId('lesson')).toHaveCount(0);
    await expect.poll(() => query(page)).toBe('');
  });

  test('a prediction is compared with the measured result', async ({ guarded: page }) => {
    await openApp(page, '?lesson=api');
    const run = page.getByTestId('lesson-run');
    await expect(run).toBeDisabled();
    await page.getByTestId('lesson-prediction').fill('48');
    await run.click();
    await expect(page.getByTestId('lesson-predicted')).toHaveText('48 requests');
    await expect(page.getByTestId('lesson-measured')).toHaveText('48 requests');
    await expect(page.getByTestId('lesson-theory')).toHaveText('48 requests');
    await expect(page.getByTestId('lesson-verdict')).toHaveAttribute('data-verdict', 'exact');
    // The simulator itself ran the same minute: its counter agrees.
    await expect(page.getByTestId('sim-clock')).toHaveText('Simulated time 0:01:00.000');
    await expect(page.getByTestId('counter-requests-0')).toHaveText('48');
    await page.getByTestId('lesson-prediction').fill('5');
    await expect(page.getByTestId('lesson-reveal')).toHaveCount(0);
    await run.click();
    await expect(page.getByTestId('lesson-verdict')).toHaveAttribute('data-verdict', 'too-low');
    await expect(page.getByTestId('lesson-verdict')).toContainText('higher than you predicted');
  });

  test('the chapter menu jumps anywhere and Back returns', async ({ guarded: page }) => {
    await openApp(page, '?lesson=api');
    await page.locator('#lesson-menu').selectOption({ label: '14. Security on both sides' });
    await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', 'security');
    await expect.poll(() => query(page)).toBe('lesson=security');
    await expect(page.getByRole('radio', { name: 'Webhook' })).toBeChecked();
    await page.getByTestId('lesson-back').click();
    await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', 'api');
    await expect.poll(() => query(page)).toBe('lesson=api');
  });
});
