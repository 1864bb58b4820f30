import { test as base, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/**
 * Every page under test records console errors, uncaught exceptions and any request that leaves
 * the local server; each test fails if one happened.
 */
export const test = base.extend<{ guarded: Page }>({
  guarded: async ({ page, baseURL }, use) => {
    const problems: string[] = [];
    const origin = new URL(baseURL!).origin;
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
        problems.push(`request to another origin: ${url}`);
      }
    });
    await use(page);
    expect(problems).toEqual([]);
  },
});

export { expect };

/** Opens the app and waits until Yew has mounted it. */
export async function openApp(page: Page, query = ''): Promise<void> {
  await page.goto(`index.html${query}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

/** Runs axe-core against the WCAG 2.x A and AA rules and returns the violations. */
export async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Opens a folded panel (a `<details>` under the stage) by its summary, if it is closed. */
export async function openPanel(page: Page, summary: string): Promise<void> {
  const fold = page.locator('details.fold').filter({ has: page.getByText(summary, { exact: true }) });
  if ((await fold.getAttribute('open')) === null) await fold.locator('summary').click();
  await expect(fold).toHaveAttribute('open', '');
}

/** A sandboxed frame has an opaque origin, so its module script and wasm are cross-origin
 * requests: the host (every path but the host page itself) allows them, as public static hosts do. */
export async function allowFramedRequests(page: Page, origin: string): Promise<void> {
  await page.route((url) => url.origin === origin && !url.pathname.endsWith('/host.html'), async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'access-control-allow-origin': '*' } });
  });
}
