import { test, expect, Page, FrameLocator } from '@playwright/test';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * dist/webhook-vs-api.html, the self-contained page, where dist/ cannot go: opened from disk, and
 * inside a sandboxed srcdoc frame of a host that sends no CORS headers. Either way the only
 * request is the page (or the host page) itself.
 */
const FILE = resolve(__dirname, '../../dist/webhook-vs-api.html');

/** Every request the page makes, and every console error or uncaught exception. */
function record(page: Page) {
  const seen = { requests: [] as string[], problems: [] as string[] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') seen.problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => seen.problems.push(`page error: ${e.message}`));
  return seen;
}

/** The app in `root` runs: its simulated clock moves. */
async function runs(root: Page | FrameLocator) {
  await expect(root.getByRole('heading', { level: 1 })).toBeVisible();
  const clock = root.getByTestId('sim-clock');
  await expect(clock).toHaveText(/^Simulated time /);
  const before = await clock.textContent();
  await expect(clock).not.toHaveText(before!);
}

/** The app in `root` runs, and its first lesson opens from the navigation. */
async function runsAndOpensALesson(root: Page | FrameLocator) {
  await runs(root);
  await root.getByRole('button', { name: 'Guided lessons' }).click();
  await expect(root.getByTestId('lesson')).toHaveAttribute('data-lesson', 'api');
  await expect(root.getByTestId('lesson-step')).toHaveText(/^Lesson 1 of \d+$/);
}

test('opened from disk, the single file runs, reads its query and fetches nothing', async ({ page }) => {
  const seen = record(page);
  const url = `${pathToFileURL(FILE).href}?mode=webhook&speed=100`;
  await page.goto(url);
  await expect(page.getByRole('radio', { name: 'Webhook' })).toBeChecked();
  await expect(page.locator('#speed')).toHaveValue('100');
  await expect(page.getByTestId('mode-description')).toContainText('doorbell');
  await runsAndOpensALesson(page);
  // The address follows the state there too, so the learner can keep a link to the view.
  await expect.poll(() => new URL(page.url()).search).toContain('lesson=api');
  expect(seen.requests).toEqual([url]);
  expect(seen.problems).toEqual([]);
});

/** The host page: it records the messages its frame posts. */
function hostPage(frame: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host page</title>
<link rel="icon" href="data:,"></head><body>
<script>
  window.messages = [];
  addEventListener('message', (e) => { window.messages.push(e.data); });
</script>
<main><h1>Host page</h1>${frame}</main></body></html>`;
}

type Msg = { type: string; height?: number };

/** The frame told its host it is ready, and then its height. */
async function announcedItself(page: Page) {
  const messages = () => page.evaluate(() => (window as unknown as { messages: Msg[] }).messages);
  await expect.poll(async () => (await messages()).map((m) => m.type)).toContain('webhook-vs-api:ready');
  await expect.poll(async () => (await messages()).find((m) => m.type === 'webhook-vs-api:resize')?.height ?? 0)
    .toBeGreaterThan(100);
}

test.describe('in a sandboxed frame on a host that sends no CORS headers', () => {
  let host: Server;
  let origin: string;

  test.beforeAll(async () => {
    const file = readFileSync(FILE, 'utf8');
    const attribute = file.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
    const pages: Record<string, string> = {
      '/srcdoc.html': hostPage(`<iframe id="app" title="Webhook vs API simulator" width="900" height="700" sandbox="allow-scripts" srcdoc="${attribute}"></iframe>`),
      '/src.html': hostPage('<iframe id="app" title="Webhook vs API simulator" width="900" height="700" sandbox="allow-scripts" src="webhook-vs-api.html?embed=1&amp;lesson=webhook"></iframe>'),
      '/webhook-vs-api.html': file,
    };
    // Content type only, as the plainest static host: no Access-Control-Allow-Origin.
    host = createServer((req, res) => {
      const body = pages[new URL(req.url!, 'http://host').pathname];
      res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body ?? 'not found');
    });
    await new Promise<void>((done) => host.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  });

  test.afterAll(async () => {
    await new Promise((done) => host.close(done));
  });

  test('inline as srcdoc, the simulator runs, announces itself and fetches nothing', async ({ page }) => {
    const seen = record(page);
    const response = await page.goto(`${origin}/srcdoc.html`);
    expect(response!.headers()['access-control-allow-origin']).toBeUndefined();
    await runsAndOpensALesson(page.frameLocator('#app'));
    await announcedItself(page);
    // The frame's origin is opaque: the app really is sandboxed away from its host.
    expect(await page.frames()[1].evaluate(() => origin)).toBe('null');
    expect(seen.requests).toEqual([`${origin}/srcdoc.html`]);
    expect(seen.problems).toEqual([]);
  });

  test('linked with src, it reads its query (embedded, a lesson open) and fetches nothing beyond the file', async ({ page }) => {
    const seen = record(page);
    await page.goto(`${origin}/src.html`);
    const frame = page.frameLocator('#app');
    await expect(frame.getByTestId('lesson')).toHaveAttribute('data-lesson', 'webhook');
    await expect(frame.getByRole('banner')).toHaveCount(0);
    // A lesson opens paused until the learner predicts: the app is running and waiting for that.
    await expect(frame.getByTestId('lesson-prediction')).toBeEditable();
    await announcedItself(page);
    expect(seen.requests).toEqual([`${origin}/src.html`, `${origin}/webhook-vs-api.html?embed=1&lesson=webhook`]);
    expect(seen.problems).toEqual([]);
  });
});
