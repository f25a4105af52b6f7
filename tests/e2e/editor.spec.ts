// The editor: YAML validated as you type by the service (located problems in the text and in a list), saved to
// the library as the user's own scenario, and run straight from the editor.
import { expect, screenshot, seriousViolations, test } from './fixtures.js';
import type { Page } from '@playwright/test';

const BROKEN = `sightline: 1
id: coffee-chat
title: Coffee chat
summary: Alice asks Carol out for coffee.
tags: [training]
parties:
  - { id: alice, kind: user }
  - { id: bob, kind: user }
  - { id: server, kind: chat-server }
steps:
  - send: { id: m1, from: alice, to: carol, text: "coffee?" }
expectations:
  - never-sees-content: { party: server }
`;

async function replaceText(page: Page, text: string): Promise<void> {
  const content = page.locator('.cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

test('validates as you type, saves to the library and runs from the editor', async ({ app: page }) => {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Editor' }).click();
  await expect(page.getByRole('textbox', { name: 'Scenario YAML' })).toBeVisible();
  await expect(page.getByText('Valid scenario')).toBeVisible();

  await replaceText(page, BROKEN);
  const problems = page.getByRole('complementary', { name: 'Validation' });
  await expect(problems).toContainText("unknown party 'carol'");
  await expect(problems).toContainText('line 11');
  await expect(page.locator('.cm-lintRange-error').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save to library' })).toBeDisabled();
  await screenshot(page, 'editor-problems');
  expect(await seriousViolations(page)).toEqual([]);

  await replaceText(page, BROKEN.replace('to: carol', 'to: bob'));
  await expect(problems).toContainText('Valid scenario');
  await expect(problems).toContainText('coffee-chat');
  await screenshot(page, 'editor-valid');
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Save to library' }).click();
  await expect(page.getByText('Saved “Coffee chat” to your library.')).toBeVisible();
  await expect(page).toHaveURL(/#\/editor\/coffee-chat$/);

  // Run from the editor with the keyboard.
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page).toHaveURL(/#\/run\/[0-9a-f-]+$/, { timeout: 60_000 });
  await expect(page.getByTestId('run-verdict')).toHaveText(/Every expectation holds/);

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'Yours' }).click();
  const cards = page.locator('article.scenario-card');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('Coffee chat');
});
