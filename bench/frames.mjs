// Frame-interval measurement in headless Chromium: the release build with 1,000 clients polling
// every second at 1x, against the same page paused (the baseline of this machine, this run).
// Usage: node bench/frames.mjs [URL] [seconds] [runs]   (serve dist/ first; `make bench-browser` does)
import { chromium } from '@playwright/test';

const url = process.argv[2] ?? 'http://127.0.0.1:4180/index.html';
const seconds = Number(process.argv[3] ?? 8);
const runs = Number(process.argv[4] ?? 3);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});

/** Collects requestAnimationFrame intervals for `seconds`, returns [median, p95] in ms. */
async function frameStats(page) {
  const gaps = await page.evaluate((s) => new Promise((done) => {
    const gaps = []; let last = performance.now(); const end = last + s * 1000;
    const frame = (t) => { gaps.push(t - last); last = t; if (t < end) requestAnimationFrame(frame); else done(gaps); };
    requestAnimationFrame(frame);
  }), seconds);
  gaps.sort((a, b) => a - b);
  return [gaps[Math.floor(gaps.length / 2)], gaps[Math.floor(gaps.length * 0.95)]];
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { idle: [], busy: [] };
for (let r = 0; r < runs; r++) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  await page.getByTestId('input-clients').fill('1000');
  await page.getByTestId('input-clients').press('Enter');
  await page.getByTestId('input-interval').fill('1');
  await page.getByTestId('input-interval').press('Enter');
  await page.getByTestId('play').click(); // pause: the idle baseline
  results.idle.push((await frameStats(page))[1]);
  await page.getByTestId('play').click(); // play at 1x
  await page.waitForTimeout(1500); // let the run reach its steady state
  const [med, p95] = await frameStats(page);
  const rps = await page.getByTestId('counter-rps-0').textContent();
  results.busy.push(p95);
  console.log(`run ${r + 1}: idle p95 ${results.idle.at(-1).toFixed(1)} ms; 1,000 clients @1 s: median ${med.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (server ${rps} req/s)`);
  await page.close();
}
console.log(JSON.stringify({ idle_p95_ms: median(results.idle), busy_p95_ms: median(results.busy), runs }));
await browser.close();
