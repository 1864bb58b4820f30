import { Page, expect } from '@playwright/test';

/** A page object for the simulator screen: reads exact counter values and drives the controls. */
export class SimulatorPage {
  constructor(readonly page: Page) {}

  /** The exact measured value behind a counter cell (data-value), for stage 0 or 1. */
  async counter(key: string, stage = 0): Promise<number> {
    const v = await this.page.getByTestId(`counter-${key}-${stage}`).getAttribute('data-value');
    return Number(v);
  }

  async mode(label: 'API polling' | 'Webhook' | 'Both' | 'Compare') {
    await this.page.getByRole('radio', { name: label }).check();
  }

  async speed(x: number) {
    await this.page.getByLabel('Speed').selectOption(String(x));
  }

  async pause() {
    const play = this.page.getByTestId('play');
    if ((await play.getAttribute('aria-pressed')) === 'true') await play.click();
    await expect(play).toHaveAttribute('aria-pressed', 'false');
  }

  async play() {
    const play = this.page.getByTestId('play');
    if ((await play.getAttribute('aria-pressed')) === 'false') await play.click();
    await expect(play).toHaveAttribute('aria-pressed', 'true');
  }

  /** Types a number into a settings field and commits it, as a user pressing Enter would. */
  async setField(key: 'clients' | 'interval' | 'rate' | 'latency', value: string) {
    const input = this.page.getByTestId(`input-${key}`);
    await input.fill(value);
    await input.press('Enter');
  }

  /** Waits until a counter passes a threshold. */
  async waitFor(key: string, atLeast: number, stage = 0, timeout = 20_000) {
    await expect.poll(() => this.counter(key, stage), { timeout }).toBeGreaterThanOrEqual(atLeast);
  }
}
