// Shared e2e helpers: open the app with this launch's token, wait for the library, save screenshots as
// artifacts, and run axe-core with the rules that matter here (serious and critical violations fail).
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test as base, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readServerInfo } from './server-info.js';

export const SCREENSHOT_DIR = join('test-results', 'screenshots');

export const test = base.extend<{ app: Page }>({
  app: async ({ page }, use) => {
    const info = readServerInfo();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(String(error)));
    await page.goto(`/?token=${encodeURIComponent(info.token)}`);
    await expect(page.getByRole('heading', { name: 'Who can see what?' })).toBeVisible();
    await use(page);
    // CSP violations and uncaught errors show up as console errors: none are acceptable.
    expect(problems, problems.join('\n')).toEqual([]);
  },
});

export { expect };

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** axe-core on the whole page; returns serious or critical violations, described. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(', ')}`,
    );
}
