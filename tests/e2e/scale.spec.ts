import { test, expect, openApp } from './fixtures';
import { SimulatorPage } from './simulator';

// The page's largest settings: 10,000 clients polling every 0.5 s offer 20,000 polls a second to a
// server that answers 800. A day fast-forwarded must finish, with polls timed out and refused
// (503) and the saturation point shown beside the measured figures.
test('a day at 10,000 clients every 0.5 s sheds load with timeouts and 503s', async ({ guarded: page }) => {
  // Far past saturation the work is the polls really sent (about 1,100 a second): minutes in a
  // busy browser.
  test.setTimeout(1_800_000);
  await openApp(page, '?clients=10000&interval=0.5');
  const sim = new SimulatorPage(page);
  await sim.pause();
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('sim-clock')).toHaveText('Simulated time 0:00:00.000');
  await page.getByTestId('ff-day').click();
  await expect(page.getByTestId('ff-progress')).toBeVisible();
  await expect(page.getByTestId('ff-progress')).toBeHidden({ timeout: 1_750_000 });
  await expect(page.getByTestId('sim-clock')).toHaveText('Simulated time 24:00:00.000');

  const cell = page.getByTestId('counter-overload-0');
  // Counts read "950", "12.3 k" or "1.23 M".
  const [answered, timedOut, refused] = ((await cell.textContent()) ?? '').split('/').map((part) => {
    const [n, unit] = part.trim().split(' ');
    return Number(n) * (unit === 'M' ? 1e6 : unit === 'k' ? 1e3 : 1);
  });
  expect(timedOut).toBeGreaterThan(0);
  expect(refused).toBeGreaterThan(0);
  // The server cannot answer more than 800 polls a second for the 86,400 s of the day.
  expect(answered).toBeGreaterThan(0);
  expect(answered).toBeLessThanOrEqual(800 * 86_400);
  expect(await sim.counter('overload')).toBeGreaterThan(0);
  // 4 workers of 5 ms take 800 polls a second: 400 clients polling every 0.5 s.
  await expect(page.getByTestId('theory-overload-0')).toHaveText('server saturates at 400 clients');
  // Offered load 20,000 × 5 ms / 4 = 25 times what the server can take.
  await expect(page.getByTestId('theory-utilization-0')).toContainText('2500');
});
