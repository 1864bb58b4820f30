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
  await expect(page.getByRole('radio', { name: 'Long polling' })).toBeChecked();
  await expect(page.getByTestId('mode-description')).toContainText('holds the question open');
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

test('switching views keeps the run and the lab input; the hidden simulator stops its clock', async ({ guarded: page }) => {
  await openApp(page);
  await page.getByLabel('Speed').selectOption('100');
  const clock = page.getByTestId('sim-clock');
  await expect(clock).not.toHaveText('Simulated time 0:00:00.000');
  const seconds = async () => {
    const [h, m, s] = (await clock.textContent())!.replace('Simulated time ', '').split(':').map(Number);
    return h * 3600 + m * 60 + s;
  };
  await expect.poll(seconds).toBeGreaterThan(30);
  await page.getByRole('button', { name: 'Signature lab' }).click();
  await expect(page.locator('#lab-secret')).toBeVisible();
  const hiddenAt = await seconds();
  await page.locator('#lab-secret').fill('It is a secret');
  // The simulator is hidden: its clock holds still while the lab is in use.
  await page.locator('#lab-body').fill('{"a": 1}');
  expect(await seconds()).toBe(hiddenAt);
  await page.getByRole('button', { name: 'Simulator' }).click();
  await expect(clock).toBeVisible();
  expect(await seconds()).toBeGreaterThanOrEqual(hiddenAt);
  await page.getByRole('button', { name: 'Signature lab' }).click();
  await expect(page.locator('#lab-secret')).toHaveValue('It is a secret');
});
