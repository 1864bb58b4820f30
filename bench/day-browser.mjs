// The day benchmark in the browser: 1,000 clients polling every 5 s, fast-forwarded 24 simulated
// hours by the release build, timed from the click to the end of the progress bar. The fast-forward
// gives the simulation 25 ms of every 33 ms tick and leaves the rest to drawing.
// Other settings and spans: node bench/day-browser.mjs URL runs CLIENTS INTERVAL_S RATE [day|week]
// (for example `... 3 10000 30 1` and `... 3 10000 0.5 1` for the scale targets).
// Usage: node bench/day-browser.mjs [URL] [runs]
import { chromium } from '@playwright/test';

const url = process.argv[2] ?? 'http://127.0.0.1:4180/index.html';
const runs = Number(process.argv[3] ?? 3);
const [clients, interval, rate, span] = [process.argv[4] ?? '1000', process.argv[5] ?? '5',
  process.argv[6] ?? '1', process.argv[7] ?? 'day'];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
const times = [];
for (let r = 0; r < runs; r++) {
  const page = await browser.newPage();
  await page.goto(url);
  for (const [key, value] of [['clients', clients], ['interval', interval], ['rate', rate]]) {
    await page.getByTestId(`input-${key}`).fill(value);
    await page.getByTestId(`input-${key}`).press('Enter');
  }
  await page.getByTestId('play').click();
  await page.getByRole('button', { name: 'Reset' }).click();
  const start = Date.now();
  await page.getByTestId(`ff-${span}`).click();
  await page.getByTestId('ff-progress').waitFor({ state: 'detached', timeout: 600_000 });
  const seconds = (Date.now() - start) / 1000;
  const requests = await page.getByTestId('counter-requests-0').getAttribute('data-value');
  times.push(seconds);
  console.log(`run ${r + 1}: ${seconds.toFixed(2)} s for ${requests} requests`);
  await page.close();
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ clients, interval, rate, span, wall_s_median: times[Math.floor(times.length / 2)], runs }));
await browser.close();
