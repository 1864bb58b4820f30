import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage({ viewport: { width: 1280, height: 720 } });
await p.goto(process.argv[2]);
await p.waitForTimeout(2500);
await p.screenshot({ path: '/tmp/proj.png' });
console.log(await p.evaluate(() => [...document.querySelectorAll('.site-header, .mode-switch, .mode-summary, .playback, .sim-clock, svg.stage, [data-testid^=key-]')].map(e => `${e.tagName}.${e.getAttribute('data-testid') ?? e.className.baseVal ?? e.className}: ${Math.round(e.getBoundingClientRect().top)}-${Math.round(e.getBoundingClientRect().bottom)}`).join('\n')));
await b.close();
