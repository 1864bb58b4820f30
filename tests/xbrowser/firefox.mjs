// Smoke test in Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi (no
// geckodriver, no browser download). For each address given: the simulator loads, its simulated
// clock advances, the mode switches, and the Signature lab verifies the Standard Webhooks vector.
// Usage: node tests/xbrowser/firefox.mjs URL...
import puppeteer from 'puppeteer-core';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const TIMEOUT = 30_000;

const button = (text) => `::-p-xpath(//button[normalize-space()="${text}"])`;
const text = (page, selector) => page.$eval(selector, (e) => e.textContent);

/** Runs one step, naming it in the error when it fails. */
async function step(name, action) {
  try {
    await action();
  } catch (e) {
    throw new Error(`${name}: ${e.message}`);
  }
}

async function smoke(page, url) {
  await step('the page loads', async () => {
    await page.goto(url);
    await page.waitForSelector('h1');
  });
  await step('the simulated clock advances', async () => {
    const clock = '[data-testid="sim-clock"]';
    const before = await text(page, clock);
    await page.waitForFunction((s, b) => document.querySelector(s)?.textContent !== b, {}, clock, before);
  });
  await step('the mode switches to Webhook', async () => {
    await page.click('input[name="mode"][value="webhook"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="mode-description"]')?.textContent.includes('doorbell'));
  });
  await step('the lab verifies the Standard Webhooks vector', async () => {
    await page.click(button('Signature lab'));
    const example = await page.$eval('#lab-example', (s) =>
      [...s.options].find((o) => o.text === 'Standard Webhooks published vector')?.value);
    if (!example) throw new Error('the lab has no "Standard Webhooks published vector" example');
    await page.select('#lab-example', example);
    await page.click(button('Load example'));
    const verdict = '[data-testid="lab-verdict"]';
    await page.waitForFunction((s) => document.querySelector(s)?.textContent.includes('Loaded the'), {}, verdict);
    await page.click(button('Verify'));
    await page.waitForFunction((s) => document.querySelector(s)?.dataset.state === 'valid', {}, verdict);
  });
}

const urls = process.argv.slice(2);
if (urls.length === 0) {
  console.error('usage: node tests/xbrowser/firefox.mjs URL...');
  process.exit(2);
}
const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, protocol: 'webDriverBiDi' });
let failed = 0;
try {
  const version = await browser.version();
  for (const url of urls) {
    const page = await browser.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await smoke(page, url);
      if (errors.length) throw new Error(`uncaught: ${errors.join('; ')}`);
      console.log(`ok     ${version} ${url}`);
    } catch (e) {
      failed += 1;
      console.error(`FAILED ${version} ${url}: ${e.message}`);
    } finally {
      await page.close();
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
