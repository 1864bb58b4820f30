import { test, expect, openApp, axeViolations } from './fixtures';

test('loads with landmarks and the polling mode active', async ({ guarded: page }) => {
  await openApp(page);
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.getByRole('contentinfo')).toBeVisible();
  await expect(page.getByRole('radio', { name: 'API polling' })).toBeChecked();
  await expect(page.getByTestId('mode-summary').getByRole('heading')).toHaveText('API polling');
});

test('the mode switch works with the mouse', async ({ guarded: page }) => {
  await openApp(page);
  await page.getByRole('radio', { name: 'Webhook' }).click();
  await expect(page.getByRole('radio', { name: 'Webhook' })).toBeChecked();
  await expect(page.getByTestId('mode-description')).toContainText('doorbell');
  await page.getByRole('radio', { name: 'Both' }).click();
  await expect(page.getByTestId('mode-description')).toContainText('fetches the details');
});

test('the mode switch works with the keyboard alone', async ({ guarded: page }) => {
  await openApp(page);
  const polling = page.getByRole('radio', { name: 'API polling' });
  // Tab until the checked radio has focus, as a keyboard user would.
  for (let i = 0; i < 20 && !(await polling.evaluate((e) => e === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(polling).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Webhook' })).toBeChecked();
  await expect(page.getByTestId('mode-description')).toContainText('doorbell');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Both' })).toBeChecked();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('radio', { name: 'Webhook' })).toBeChecked();
});

test('axe-core finds no violations', async ({ guarded: page }) => {
  await openApp(page);
  expect(await axeViolations(page)).toEqual([]);
});

test('the built site works from any path it is copied to', async ({ guarded: page }) => {
  // Serve dist/ under a deep path, as a documentation site might host it.
  const prefix = '/docs/guides/simulator/';
  const requested: string[] = [];
  await page.route(`**${prefix}**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    requested.push(path);
    return route.fulfill({ path: `dist/${path.slice(prefix.length) || 'index.html'}` });
  });
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    expect(path.startsWith(prefix), `${path} escapes ${prefix}`).toBe(true);
  });
  await page.goto(`${prefix}index.html`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.getByRole('radio', { name: 'Webhook' }).check();
  await expect(page.getByTestId('mode-description')).toContainText('doorbell');
  expect(requested.some((p) => p.endsWith('.wasm'))).toBe(true);
});
