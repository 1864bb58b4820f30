import { Page } from '@playwright/test';
import { test, expect, allowFramedRequests } from './fixtures';

/** A host page drives a simulator embedded in a sandboxed frame with set messages. */

type Msg = { type: string; notices?: string[] };

async function openHost(page: Page, baseURL: string, query: string) {
  const origin = new URL(baseURL).origin;
  await allowFramedRequests(page, origin);
  await page.route('**/host.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host page</title></head><body>
<script>
  window.messages = [];
  addEventListener('message', (e) => { window.messages.push(e.data); });
  function send(fields) {
    document.getElementById('app').contentWindow.postMessage({ type: 'webhook-vs-api:set', ...fields }, '*');
  }
</script>
<main><h1>Host page</h1>
<iframe id="app" src="index.html?${query}" title="Webhook vs API simulator" width="1000" height="700" sandbox="allow-scripts"></iframe>
</main></body></html>`,
    }),
  );
  await page.goto('host.html');
  const messages = () => page.evaluate(() => (window as unknown as { messages: Msg[] }).messages);
  await expect.poll(async () => (await messages()).some((m) => m.type === 'webhook-vs-api:ready')).toBe(true);
  const send = (fields: Record<string, unknown>) =>
    page.evaluate((f) => (window as unknown as { send: (f: unknown) => void }).send(f), fields);
  const notices = async () => (await messages()).filter((m) => m.type === 'webhook-vs-api:notice').map((m) => m.notices!);
  return { frame: page.frameLocator('#app'), send, notices };
}

test('set messages switch the mode, speed and lesson; a bad one comes back as a notice', async ({ guarded: page, baseURL }) => {
  const { frame, send, notices } = await openHost(page, baseURL!, 'embed=1');
  await expect(frame.getByRole('radio', { name: 'API polling' })).toBeChecked();

  await send({ mode: 'webhook', speed: 5 });
  await expect(frame.getByRole('radio', { name: 'Webhook' })).toBeChecked();
  await expect(frame.locator('#speed')).toHaveValue('5');

  await send({ mode: 'push', colour: 'red', embed: 0, clients: { n: 1 } });
  await expect.poll(async () => (await notices()).length).toBe(1);
  const [first] = await notices();
  expect(first.join('\n')).toContain('“push”');
  expect(first.join('\n')).toContain('“colour”');
  expect(first.join('\n')).toContain('“embed”');
  expect(first.join('\n')).toContain('“clients”');
  await expect(frame.getByRole('radio', { name: 'Webhook' })).toBeChecked();
  await expect(frame.getByRole('banner')).toHaveCount(0);

  await send({ lesson: 'security' });
  await expect(frame.getByTestId('lesson')).toHaveAttribute('data-lesson', 'security');
  // Good messages send no notice; messages of another type are not answered at all.
  await page.evaluate(() => (document.getElementById('app') as HTMLIFrameElement).contentWindow!.postMessage({ type: 'other', mode: 'x' }, '*'));
  await send({ mode: 'compare' });
  await expect(frame.getByRole('radio', { name: 'Compare' })).toBeChecked();
  expect((await notices()).length).toBe(1);
});

test('a locked demonstration keeps its scenario and says so', async ({ guarded: page, baseURL }) => {
  const { frame, send, notices } = await openHost(page, baseURL!, 'embed=1&preset=payments&lock=1');
  await send({ preset: 'chat', clients: 3 });
  await expect.poll(async () => (await notices()).length).toBe(1);
  expect((await notices())[0].join('\n')).toContain('locked');
  await expect(frame.locator('#preset')).toHaveValue('payments');
});
