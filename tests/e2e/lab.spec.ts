import { Page } from '@playwright/test';
import { test, expect, openApp, axeViolations } from './fixtures';

const GITHUB = {
  secret: "It's a Secret to Everybody",
  headers: 'X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
  body: 'Hello, World!',
};

const STANDARD = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  headers: [
    'webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek',
    'webhook-timestamp: 1614265330',
    'webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  ].join('\n'),
  body: '{"test": 2432232314}',
};

/** The signature lab as a learner sees it: labelled fields, two buttons, a verdict. */
class Lab {
  constructor(readonly page: Page) {}

  async open() {
    await openApp(this.page);
    await this.page.getByRole('button', { name: 'Signature lab' }).click();
    await expect(this.page.getByRole('heading', { name: 'Signature lab' })).toBeVisible();
  }

  get verdict() { return this.page.getByTestId('lab-verdict'); }
  get ignoreClock() { return this.page.getByLabel("Ignore the clock (use the request's timestamp)"); }

  async fill(request: { secret: string; headers: string; body: string }) {
    await this.page.getByLabel('Secret', { exact: true }).fill(request.secret);
    await this.page.getByLabel('Headers', { exact: true }).fill(request.headers);
    await this.page.getByLabel('Body', { exact: true }).fill(request.body);
  }

  async verify() { await this.page.getByRole('button', { name: 'Verify', exact: true }).click(); }
  async sign() { await this.page.getByRole('button', { name: 'Sign', exact: true }).click(); }

  async loadExample(label: string) {
    await this.page.getByLabel('Example', { exact: true }).selectOption({ label });
    await this.page.getByRole('button', { name: 'Load example' }).click();
    await expect(this.verdict).toContainText('Loaded the');
  }
}

test('the GitHub documentation example verifies, and a changed character is rejected', async ({ guarded: page }) => {
  const lab = new Lab(page);
  await lab.open();
  await lab.fill(GITHUB);
  await lab.verify();
  await expect(lab.verdict).toHaveAttribute('data-state', 'valid');
  await expect(lab.verdict).toContainText('detected from the headers: GitHub');
  await expect(page.getByTestId('lab-signed-content')).toHaveText('Hello, World!');
  await expect(page.getByTestId('lab-key-hex')).toHaveText(Buffer.from(GITHUB.secret).toString('hex'));
  await expect(page.getByTestId('lab-hmac-hex')).toHaveText('757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');

  await page.getByLabel('Body', { exact: true }).fill('Hello, World?');
  await lab.verify();
  await expect(lab.verdict).toHaveAttribute('data-state', 'invalid');
  await expect(lab.verdict).toContainText('The signature does not match');
});

test('the Standard Webhooks vector verifies as of its own timestamp, and a changed character is rejected', async ({ guarded: page }) => {
  const lab = new Lab(page);
  await lab.open();
  await lab.fill(STANDARD);
  await page.getByLabel('Scheme', { exact: true }).selectOption({ label: 'Detect from headers' });

  // Against the real clock a 2021 timestamp is far outside the 300 s window.
  await lab.ignoreClock.uncheck();
  await lab.verify();
  await expect(lab.verdict).toHaveAttribute('data-state', 'invalid');
  await expect(lab.verdict).toContainText('in the past');

  await lab.ignoreClock.check();
  await expect(page.getByLabel('Verify as of Unix time')).toBeEnabled();
  await lab.verify();
  await expect(lab.verdict).toHaveAttribute('data-state', 'valid');
  await expect(lab.verdict).toContainText('1614265330');
  await expect(page.getByTestId('lab-signed-content')).toHaveText('msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}');
  await expect(page.getByTestId('lab-key-hex')).toHaveText(/^[0-9a-f]{48}$/);
  await expect(page.getByTestId('lab-header-output')).toHaveText('webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');

  // A chosen time 301 s later is outside the window; 300 s is inside.
  await page.getByLabel('Verify as of Unix time').fill('1614265631');
  await lab.verify();
  await expect(lab.verdict).toContainText('301 s in the past');
  await page.getByLabel('Verify as of Unix time').fill('1614265630');
  await lab.verify();
  await expect(lab.verdict).toHaveAttribute('data-state', 'valid');
  await page.getByLabel('Verify as of Unix time').fill('');

  // The last base64 character before `=` changed to `A`.
  await page.getByLabel('Headers', { exact: true }).fill(STANDARD.headers.replace('1OE=', '1OA='));
  await lab.verify();
  await expect(lab.verdict).toHaveAttribute('data-state', 'invalid');
  await expect(lab.verdict).toContainText('The signature does not match');
});

test('signing a body produces headers that then verify', async ({ guarded: page }) => {
  const lab = new Lab(page);
  await lab.open();
  await lab.ignoreClock.uncheck();
  for (const scheme of ['Standard Webhooks', 'GitHub', 'Stripe']) {
    await page.getByLabel('Scheme', { exact: true }).selectOption({ label: scheme });
    await page.getByLabel('Secret', { exact: true }).fill(scheme === 'Standard Webhooks' ? STANDARD.secret : 'whsec_test_secret');
    await page.getByLabel('Body', { exact: true }).fill('{\n  "event": "order.paid",\n  "amount": 4200\n}\n');
    await lab.sign();
    await expect(lab.verdict).toHaveAttribute('data-state', 'signed');
    await expect(lab.verdict).toContainText(`Signed with ${scheme}`);
    const header = await page.getByTestId('lab-header-output').textContent();
    await expect(page.getByLabel('Headers', { exact: true })).toHaveValue(new RegExp(escapeRegExp(header!.trim())));
    await lab.verify();
    await expect(lab.verdict).toHaveAttribute('data-state', 'valid');
  }
});

test('a re-serialised body fails with a diagnosis', async ({ guarded: page }) => {
  const lab = new Lab(page);
  await lab.open();
  await lab.loadExample('Re-serialised body (fails, with a diagnosis)');
  await lab.verify();
  await expect(lab.verdict).toHaveAttribute('data-state', 'invalid');
  await expect(page.getByTestId('lab-diagnosis')).toContainText('Likely cause:');
  await expect(page.getByTestId('lab-diagnosis')).toContainText('Verify the raw bytes exactly as received');
});

test('every example loads, and the published ones verify', async ({ guarded: page }) => {
  const lab = new Lab(page);
  await lab.open();
  for (const label of ['Standard Webhooks published vector', 'GitHub documentation example', 'Stripe example (secret whsec_test_secret)']) {
    await lab.loadExample(label);
    await lab.verify();
    await expect(lab.verdict).toHaveAttribute('data-state', 'valid');
  }
});

test('garbage input gets a clear message', async ({ guarded: page }) => {
  const lab = new Lab(page);
  await lab.open();
  await page.getByLabel('Headers', { exact: true }).fill('POST /hook HTTP/1.1\nwebhook-id: 1');
  await lab.verify();
  await expect(lab.verdict).toHaveAttribute('data-state', 'error');
  await expect(lab.verdict).toContainText('Line 1');
  await lab.fill({ ...STANDARD, secret: '' });
  await lab.verify();
  await expect(lab.verdict).toContainText('The secret is empty');
});

test('the lab states that nothing leaves the page', async ({ guarded: page }) => {
  const lab = new Lab(page);
  await lab.open();
  await expect(page.getByTestId('lab-privacy')).toContainText('Nothing leaves this page');
});

test('the lab works with the keyboard alone', async ({ guarded: page }) => {
  const lab = new Lab(page);
  await lab.open();
  await lab.fill(GITHUB);
  // Enter in the secret field submits the verify form.
  await page.getByLabel('Secret', { exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(lab.verdict).toHaveAttribute('data-state', 'valid');
});

test('the lab fits a 360 px wide screen', async ({ guarded: page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const lab = new Lab(page);
  await lab.open();
  await lab.verify();
  await expect(lab.verdict).toHaveAttribute('data-state', 'valid');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('axe-core finds no violations in the lab', async ({ guarded: page }) => {
  // Five full-page axe runs over a long page.
  test.setTimeout(180_000);
  const lab = new Lab(page);
  await lab.open();
  expect(await axeViolations(page)).toEqual([]);
  await lab.loadExample('Re-serialised body (fails, with a diagnosis)');
  await lab.verify();
  await expect(page.getByTestId('lab-diagnosis')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await lab.sign();
  await expect(lab.verdict).toHaveAttribute('data-state', 'signed');
  expect(await axeViolations(page)).toEqual([]);
  // The dark theme has its own colours, so its contrast is checked too.
  await page.emulateMedia({ colorScheme: 'dark' });
  await lab.verify();
  await expect(lab.verdict).toHaveAttribute('data-state', 'valid');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('Headers', { exact: true }).fill('not a header');
  await lab.verify();
  await expect(lab.verdict).toHaveAttribute('data-state', 'error');
  expect(await axeViolations(page)).toEqual([]);
});

/**
 * Pastes `text` into the field as a browser does: a paste event carrying the text, and, unless
 * the page handled it, the text replacing the field's selected content (all of it).
 */
async function paste(page: Page, label: string, text: string) {
  await page.getByLabel(label, { exact: true }).evaluate((el: HTMLTextAreaElement, text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    if (el.dispatchEvent(event)) {
      el.focus();
      el.select();
      document.execCommand('insertText', false, text);
    }
  }, text);
}

test.describe('pasted requests', () => {
  const [id, stamp, signature] = STANDARD.headers.split('\n').map((l) => l.split(': ')[1]);

  test('a raw HTTP request fills Headers and Body and verifies', async ({ guarded: page }) => {
    const lab = new Lab(page);
    await lab.open();
    await lab.fill({ secret: STANDARD.secret, headers: '', body: 'not the body' });
    const raw = [
      'POST /webhooks HTTP/1.1', 'Host: localhost:8000', 'Content-Type: application/json',
      `Content-Length: ${STANDARD.body.length}`, `webhook-id: ${id}`, `webhook-timestamp: ${stamp}`,
      `webhook-signature: ${signature}`, '', STANDARD.body,
    ].join('\r\n');
    await paste(page, 'Headers', raw);
    await expect(page.getByTestId('lab-paste-note')).toContainText('Read a raw HTTP request: 6 headers and the body');
    await expect(page.getByLabel('Body', { exact: true })).toHaveValue(STANDARD.body);
    await expect(page.getByLabel('Headers', { exact: true })).not.toHaveValue(/POST/);
    await lab.verify();
    await expect(lab.verdict).toHaveAttribute('data-state', 'valid');
  });

  test("a Node req.headers object verifies", async ({ guarded: page }) => {
    const lab = new Lab(page);
    await lab.open();
    await lab.fill({ secret: STANDARD.secret, headers: '', body: STANDARD.body });
    const node = `{\n  host: 'localhost:8000',\n  'content-type': 'application/json',\n  'webhook-id': '${id}',\n` +
      `  'webhook-timestamp': '${stamp}',\n  'webhook-signature': '${signature}'\n}`;
    await paste(page, 'Headers', node);
    await expect(page.getByTestId('lab-paste-note')).toContainText('Read a headers object');
    await expect(page.getByLabel('Headers', { exact: true })).toHaveValue(new RegExp(`^host: localhost:8000\n`));
    await lab.verify();
    await expect(lab.verdict).toHaveAttribute('data-state', 'valid');
  });

  test('svix-* headers verify as the Standard Webhooks headers', async ({ guarded: page }) => {
    const lab = new Lab(page);
    await lab.open();
    await lab.fill({ secret: STANDARD.secret, headers: 'content-type: text/plain', body: STANDARD.body });
    await paste(page, 'Headers', `svix-id: ${id}\nsvix-timestamp: ${stamp}\nsvix-signature: ${signature}`);
    await expect(page.getByLabel('Headers', { exact: true })).toHaveValue(/^svix-id: /);
    await expect(page.getByTestId('lab-paste-note')).toContainText('svix-id');
    await lab.verify();
    await expect(lab.verdict).toHaveAttribute('data-state', 'valid');
    await expect(lab.verdict).toContainText('Standard Webhooks');
  });
});

test('an API key or a signature in the secret field gets a warning', async ({ guarded: page }) => {
  const lab = new Lab(page);
  await lab.open();
  const warning = page.getByTestId('lab-secret-warning');
  await expect(warning).toBeEmpty();
  await page.getByLabel('Secret', { exact: true }).fill('sk_live_51HxYzAbC');
  await expect(warning).toContainText('a Stripe secret API key (live mode)');
  await page.getByLabel('Secret', { exact: true }).fill('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  await expect(warning).toContainText('Standard Webhooks signature');
  await page.getByLabel('Secret', { exact: true }).fill(STANDARD.secret);
  await expect(warning).toBeEmpty();
});

test('receiver code follows the scheme and the secret, in each language', async ({ guarded: page }) => {
  const lab = new Lab(page);
  await lab.open();
  const code = page.getByTestId('lab-code');
  await expect(code).toContainText(`"${STANDARD.secret}"`);
  await expect(code).toContainText('from standardwebhooks');
  await expect(page.getByTestId('lab-code-install')).toHaveText('pip install standardwebhooks');
  await page.getByLabel('Language', { exact: true }).selectOption({ label: 'Go' });
  await expect(code).toContainText('ListenAndServe');
  await lab.fill(GITHUB);
  await expect(code).toContainText(`"${GITHUB.secret}"`);
  await expect(code).not.toContainText('standardwebhooks');
  await page.getByLabel('Headers', { exact: true }).fill('content-type: text/plain');
  await expect(page.getByTestId('lab-receiver-code')).toContainText('Choose a scheme');
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
