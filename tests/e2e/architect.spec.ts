// The Architect workbench end to end, over the real design engine in browser mode: pick a preset, make plain
// backups readable by the cloud provider (its cell gains the history; by default they are sealed under a
// server-held key, so it holds M), switch backups to end-to-end encrypted and see the provider's and the attacker's
// cells for the plain-backup attack lose readable history, an invalid value shown next
// to its field without losing what was typed, save to the library, compare two designs with the axis behind each
// changed cell, export HTML and Markdown with the SVG embedded, and find the saved design again after a reload.
// SIGHTLINE_DOC_SCREENSHOTS=1 also writes the screenshots used by docs/designs.md into docs/img/.
import type { Locator, Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { expect, screenshot, seriousViolations, test } from './fixtures.js';

const cell = (page: Page, attack: string, party: string) =>
  page.locator(`td[data-attack="${attack}"][data-party="${party}"]`);

async function shot(page: Page, name: string, part?: Locator): Promise<void> {
  await screenshot(page, name);
  if (process.env.SIGHTLINE_DOC_SCREENSHOTS) {
    mkdirSync('docs/img', { recursive: true });
    const path = `docs/img/${name}.png`;
    if (part) await part.screenshot({ path });
    else {
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path });
    }
  }
}

test('architect: preset, E2EE backup changes a cell, save, compare, export, reload', async ({
  app: page,
}) => {
  test.setTimeout(360_000);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Architect' }).click();
  await page.locator('#design-pick').selectOption('consumer');
  await expect(page.getByRole('heading', { level: 1, name: 'Consumer WhatsApp today' })).toBeVisible();
  const status = page.getByTestId('eval-status');
  await expect(status).toContainText('Up to date', { timeout: 120_000 });
  await page.getByTestId('table-toggle').locator('summary').click();

  // Plain backups: the attacker who restores one ends with readable history (H); the provider holds metadata.
  await expect(cell(page, 'plain-backup', 'attacker')).toHaveText('PHKM');
  await expect(cell(page, 'plain-backup', 'backup-provider')).toHaveText('M');
  await expect(cell(page, 'claim-backups-not-e2ee', 'chat-server')).toHaveText('KM');

  // Cell → ledger evidence, by keyboard in the table.
  await cell(page, 'plain-backup', 'attacker').click();
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator(':focus')).toHaveAttribute('data-party', 'law-enforcement');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  const evidence = page.getByTestId('evidence');
  await expect(evidence).toContainText('plain-backup#base seed');
  await expect(evidence).toContainText('journal event #');
  await expect(evidence).toContainText('readable history');
  await shot(page, 'architect-evidence', evidence);
  await page.getByTestId('table-toggle').locator('summary').click();
  await shot(page, 'architect-scorecard');
  await page.getByTestId('table-toggle').locator('summary').click();

  // Sources differ on whether the provider can read a plain backup (docs/model.md B6): made readable, the
  // provider's cell gains the history.
  await page.locator('select[data-axis="plain_backup_protection"]').selectOption('none');
  await expect(cell(page, 'plain-backup', 'backup-provider')).toContainText('H');

  // Backup → E2EE with a password: provider and attacker no longer get readable history; the chat server no key.
  await page.locator('select[data-axis="backup"]').selectOption('e2ee-password');
  await expect(cell(page, 'plain-backup', 'attacker')).not.toContainText('H');
  await expect(cell(page, 'claim-backups-not-e2ee', 'chat-server')).toHaveText('M');
  await expect(cell(page, 'plain-backup', 'backup-provider')).toHaveText('M');
  await expect(status).toContainText('Up to date');
  await expect(status).toContainText(/re-ran \d+, reused \d+/);

  // An invalid value is kept as typed and reported next to its field; fixing it re-evaluates.
  const queue = page.locator('input[data-axis="retention.chat_server_queue_days"]');
  await queue.fill('12x');
  await queue.press('Tab');
  await expect(page.locator('[data-error-for="retention.chat_server_queue_days"]')).toContainText('line');
  await expect(queue).toHaveValue('12x');
  await expect(page.getByTestId('save-design')).toBeDisabled();
  await shot(page, 'architect-inline-error', page.locator('fieldset', { has: queue }));
  await queue.fill('30');
  await queue.press('Tab');
  await expect(page.locator('[data-error-for="retention.chat_server_queue_days"]')).toHaveCount(0);

  // Save as the user's own design.
  await page.locator('#form-design-id').fill('consumer-e2ee');
  await page.locator('#form-design-id').press('Tab');
  await page.locator('#form-design-title').fill('Consumer, E2EE backups');
  await page.locator('#form-design-title').press('Tab');
  await expect(page.getByTestId('save-design')).toBeEnabled();
  await page.getByTestId('save-design').click();
  await expect(page.getByText('Saved “Consumer, E2EE backups” to your design library.')).toBeVisible();

  // Compare the consumer preset with this design.
  await page.getByTestId('tab-compare').click();
  await page.getByTestId('compare-pick').selectOption('consumer');
  await page.getByTestId('compare-add').click();
  await page.getByTestId('compare-pick').selectOption('current');
  await page.getByTestId('compare-add').click();
  await page.getByTestId('compare-run').click();
  const differences = page.getByTestId('differences');
  await expect(differences).toContainText('backup: plain → e2ee-password turns attacker from PHKM to', {
    timeout: 120_000,
  });
  await expect(differences).not.toContainText('backup-provider');
  await shot(page, 'architect-compare', page.getByRole('region', { name: 'Evaluation' }));

  // Export HTML and Markdown: both carry the heatmap SVG and the design's YAML.
  const [html] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-html').click()]);
  const htmlText = readFileSync((await html.path())!, 'utf8');
  expect(htmlText).toContain('<svg');
  expect(htmlText).toContain('Why the compared designs differ');
  expect(htmlText).toContain('id: consumer-e2ee');
  const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-md').click()]);
  const mdText = readFileSync((await md.path())!, 'utf8');
  expect(mdText).toContain('data:image/svg+xml;base64,');
  expect(mdText).toContain('backup: e2ee-password');

  expect(await seriousViolations(page)).toEqual([]);

  // Reload: the saved design is in the library and opens with its backup setting.
  await page.reload();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Architect' }).click();
  await page.locator('#design-pick').selectOption('consumer');
  await expect(page.getByRole('heading', { level: 1, name: 'Consumer WhatsApp today' })).toBeVisible();
  await expect(page.locator('#design-pick option', { hasText: 'Consumer, E2EE backups' })).toHaveCount(1);
  await page.locator('#design-pick').selectOption('consumer-e2ee');
  await expect(page.getByRole('heading', { level: 1, name: 'Consumer, E2EE backups' })).toBeVisible();
  await expect(page.locator('select[data-axis="backup"]')).toHaveValue('e2ee-password');
  await expect(status).toContainText('Up to date', { timeout: 120_000 });
  await page.getByTestId('table-toggle').locator('summary').click();
  await expect(cell(page, 'plain-backup', 'attacker')).not.toContainText('H');
});
