// The library: scenarios from the service with their trainer summaries, search, and filters by tag, party and
// defence. Accessibility checked with axe-core; screenshots saved for review.
import { expect, screenshot, seriousViolations, test } from './fixtures.js';

test('lists scenarios and filters them by search, tag, party and defence', async ({ app: page }) => {
  // Other tests save scenarios of their own to the shared host; look at the built-in ones.
  await page.getByRole('group', { name: 'Source' }).getByRole('button', { name: 'Built-in' }).click();
  const cards = page.locator('article.scenario-card');
  await expect(cards).toHaveCount(3);
  await expect(page.getByRole('status').filter({ hasText: /^3 (of \d+ )?scenarios$/ })).toBeVisible();
  await expect(page.getByText('An attacker talks Bob')).toBeVisible();

  // Facets arrive once each scenario's text has been read.
  const filters = page.getByRole('complementary', { name: 'Filters' });
  await expect(filters.getByRole('button', { name: /Attacker/ })).toBeVisible();
  await screenshot(page, 'library-light');

  await page.getByRole('searchbox', { name: 'Search scenarios' }).fill('offline');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('Recipient offline');
  await page.getByRole('searchbox', { name: 'Search scenarios' }).fill('');

  await filters.getByRole('button', { name: /#basics/ }).click();
  await expect(cards).toHaveCount(2);
  await filters.getByRole('button', { name: /#retention/ }).click();
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('Recipient offline');
  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByRole('group', { name: 'Source' }).getByRole('button', { name: 'Built-in' }).click();

  await filters.getByRole('button', { name: /Attacker/ }).click();
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('SIM swap');
  await filters.getByRole('button', { name: /Attacker/ }).click();
  await filters.getByRole('button', { name: /Two-step verification/ }).click();
  await expect(cards).toHaveCount(1);

  expect(await seriousViolations(page)).toEqual([]);
});

test('the "/" shortcut focuses the search and "?" lists the shortcuts', async ({ app: page }) => {
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search scenarios' })).toBeFocused();
  // Single-key shortcuts do not fire while typing: "?" in the search box is text.
  await page.keyboard.press('?');
  await expect(page.getByRole('searchbox', { name: 'Search scenarios' })).toHaveValue('?');
  await page.getByRole('searchbox', { name: 'Search scenarios' }).fill('');
  await page.evaluate('document.activeElement.blur()');
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await screenshot(page, 'shortcuts-dialog');
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
