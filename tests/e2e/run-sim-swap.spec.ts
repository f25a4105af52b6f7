// The trainer's path through the SIM-swap scenario: run it from the library, read the results, look through the
// attacker's eyes, scrub the timeline, switch on two-step verification and compare, export a report, present.
// Every view is checked with axe-core and saved as a screenshot.
import { expect, screenshot, seriousViolations, test } from './fixtures.js';
import type { Page } from '@playwright/test';

async function runSimSwap(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Run SIM swap without two-step verification' }).click();
  await expect(page).toHaveURL(/#\/scenario\/sim-swap\?run=[0-9a-f-]+$/, { timeout: 60_000 });
  await expect(page.getByTestId('run-verdict')).toHaveText(/Every expectation holds/);
}

test('run the SIM swap, read who sees what, and look through the attacker’s eyes', async ({ app: page }) => {
  await runSimSwap(page);
  await expect(
    page.getByRole('heading', { level: 1, name: 'SIM swap without two-step verification' }),
  ).toBeVisible();

  // Overview: every expectation holds, including the attacker reading the re-sent and new messages.
  const expectations = page.locator('.expectation');
  await expect(expectations).toHaveCount(6);
  const mallory = expectations.filter({ hasText: 'mallory sees the content of m3 and m4' });
  await expect(mallory).toContainText('Holds');
  const who = page.locator('table.who');
  await expect(who.getByRole('row', { name: /^mallory/ })).toContainText('2 of 4');
  await expect(who.getByRole('row', { name: /^server/ })).toContainText('0 of 4');
  await screenshot(page, 'scenario-overview-light');
  expect(await seriousViolations(page)).toEqual([]);

  // Visibility matrix: the heat map is a keyboard grid; mallory's m3 cell says content. Its table alternative
  // gives the same facts, with the "how" of the focused cell.
  await page.getByRole('tab', { name: 'Visibility matrix' }).click();
  await expect(page.getByRole('gridcell', { name: /^mallory, m3: Reads content/ })).toBeVisible();
  await expect(page.getByRole('gridcell', { name: /^server, m3: Metadata only/ })).toBeVisible();
  await screenshot(page, 'scenario-matrix');
  expect(await seriousViolations(page)).toEqual([]);
  await page
    .getByRole('group', { name: 'Show the matrix as' })
    .getByRole('button', { name: 'Table' })
    .click();
  const cell = page.getByRole('button', { name: 'mallory, m3: content' });
  await page.mouse.move(0, 0); // a cell under the pointer would take the details over
  await cell.focus();
  await expect(page.getByRole('region', { name: 'Cell details' })).toContainText('decrypted with');
  await expect(page.getByRole('button', { name: 'server, m3: metadata' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // Through their eyes: choosing mallory shows the message she can read.
  await page.getByRole('button', { name: 'mallory', exact: true }).first().click();
  await expect(page.getByRole('tab', { name: 'Through their eyes' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const readable = page.locator('.plaintext:not(.other)');
  await expect(readable.filter({ hasText: 'pending while bob is offline' })).toBeVisible();
  await screenshot(page, 'scenario-party-mallory');
  expect(await seriousViolations(page)).toEqual([]);

  // Scrub back before the swap: mallory has read nothing yet.
  await page.locator('body').click({ position: { x: 2, y: 200 } });
  await page.keyboard.press('Home');
  await expect(readable).toHaveCount(0);
  await page.keyboard.press('End');
  await expect(readable.first()).toBeVisible();

  // Timeline: steps with the trainer's notes; stepping moves the playhead to the next step.
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await screenshot(page, 'scenario-timeline-drawing');
  await page
    .getByRole('group', { name: 'Show the timeline as' })
    .getByRole('button', { name: 'Table' })
    .click();
  // Home on a focused tab moves between tabs (ARIA tabs); leave the tab list before using the timeline keys.
  await page.locator('body').click({ position: { x: 2, y: 200 } });
  await page.keyboard.press('Home');
  await page.locator('button[aria-label="Next step"]').click();
  await expect(page.locator('tr[aria-current="step"]')).toContainText('Alice and Bob chat normally');
  await page.locator('button[aria-label="Next step"]').click();
  await page.locator('button[aria-label="Next step"]').click();
  await expect(page.locator('tr[aria-current="step"]')).toContainText("Bob's phone goes offline");
  await screenshot(page, 'scenario-timeline');
  expect(await seriousViolations(page)).toEqual([]);

  // Network: the drawing by trust boundary, then its table: the attacker holds content at the end.
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.locator('body').click({ position: { x: 2, y: 200 } });
  await page.keyboard.press('End');
  await screenshot(page, 'scenario-network');
  expect(await seriousViolations(page)).toEqual([]);
  await page
    .getByRole('group', { name: 'Show the network as' })
    .getByRole('button', { name: 'Table' })
    .click();
  await expect(page.getByRole('row', { name: /mallory/ }).first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // Export the network drawing as SVG and PNG, under the page's CSP: the PNG is rasterised from a blob: image.
  await page
    .getByRole('group', { name: 'Show the network as' })
    .getByRole('button', { name: 'Drawing' })
    .click();
  const exportView = page.locator('details', { hasText: 'Export view' });
  await exportView.locator('summary').click();
  const [svgFile] = await Promise.all([
    page.waitForEvent('download'),
    exportView.getByRole('button', { name: 'SVG' }).click(),
  ]);
  expect(svgFile.suggestedFilename()).toMatch(/-network\.svg$/);
  const svgText = Buffer.concat(await (await svgFile.createReadStream()).toArray()).toString('utf8');
  expect(svgText).toContain('<svg');
  expect(svgText).toContain('mallory');
  await expect(exportView.getByRole('button', { name: 'PNG' })).toBeHidden(); // the menu closes after a choice
  await exportView.locator('summary').click();
  const [pngFile] = await Promise.all([
    page.waitForEvent('download'),
    exportView.getByRole('button', { name: 'PNG' }).click(),
  ]);
  const png = Buffer.concat(await (await pngFile.createReadStream()).toArray());
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(png.length).toBeGreaterThan(500);
});

test('switch on two-step verification and compare: the attacker loses the messages', async ({
  app: page,
}) => {
  await page.getByRole('link', { name: 'Open SIM swap without two-step verification' }).click();
  await expect(page.getByRole('radio', { name: 'As written' })).toHaveAttribute('aria-checked', 'true');
  await page.getByRole('radio', { name: 'Bob has two-step verification' }).click();
  await expect(page.getByText('Two-step verification (bob):')).toContainText('on');
  await page.getByRole('combobox', { name: 'Compare with' }).selectOption('base');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();

  await expect(page).toHaveURL(/#\/compare\?a=.*&b=/, { timeout: 90_000 });
  await expect(page.getByTestId('changed-cells')).not.toHaveText(/^0 /);
  const m3 = page.locator('table.changes tr', { hasText: 'mallory' }).filter({ hasText: 'm3' });
  await expect(m3).toContainText('Reads content');
  await expect(m3).toContainText('less');
  // The variant restates the takeover expectation: it succeeds as written and fails with a PIN.
  await expect(page.locator('tr.reworded', { hasText: "step 'takeover' succeeds" })).toContainText(
    "in B: step 'takeover' fails",
  );
  await screenshot(page, 'compare');
  expect(await seriousViolations(page)).toEqual([]);
});

test('the runs history opens, exports reports and deletes runs', async ({ app: page }) => {
  await runSimSwap(page);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Runs' }).click();
  const rows = page.locator('table.runs tbody tr');
  await expect(rows.first()).toContainText('SIM swap without two-step verification');
  await screenshot(page, 'runs');
  expect(await seriousViolations(page)).toEqual([]);

  const [html] = await Promise.all([
    page.waitForEvent('download'),
    rows
      .first()
      .getByRole('button', { name: /HTML report/ })
      .click(),
  ]);
  expect(html.suggestedFilename()).toMatch(/\.html$/);
  const htmlText = Buffer.concat(await (await html.createReadStream()).toArray()).toString('utf8');
  expect(htmlText).toContain('SIM swap');

  const [md] = await Promise.all([
    page.waitForEvent('download'),
    rows
      .first()
      .getByRole('button', { name: /Markdown report/ })
      .click(),
  ]);
  expect(md.suggestedFilename()).toMatch(/\.md$/);

  const before = await rows.count();
  const id = await rows.first().getAttribute('data-run-id');
  await rows
    .first()
    .getByRole('button', { name: /^Delete run/ })
    .click();
  await rows
    .first()
    .getByRole('button', { name: /^Confirm deleting run/ })
    .click();
  await expect(page.locator(`tr[data-run-id="${id}"]`)).toHaveCount(0);
  await expect(rows).toHaveCount(before - 1);
});

test('presenter mode hides who sees what until revealed; dark theme', async ({ app: page }) => {
  await runSimSwap(page);
  await page.locator('body').click({ position: { x: 2, y: 300 } });
  await page.keyboard.press('p');
  await expect(page.locator('html')).toHaveClass(/presenter/);
  await expect(page.getByRole('group', { name: 'Expectation results (hidden)' })).toBeVisible();
  await expect(page.locator('.expectation')).toHaveCount(0);
  await expect(page.getByTestId('run-verdict')).toHaveCount(0);
  await screenshot(page, 'presenter-hidden');
  expect(await seriousViolations(page)).toEqual([]);

  await page.keyboard.press('r');
  await expect(page.locator('.expectation')).toHaveCount(6);
  await screenshot(page, 'presenter-revealed');
  await page.keyboard.press('p');
  await expect(page.locator('html')).not.toHaveClass(/presenter/);

  await page.keyboard.press('t');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshot(page, 'scenario-overview-dark');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('tab', { name: 'Visibility matrix' }).click();
  // The matrix draws after the tab opens: wait for its cells, so the screenshot shows them.
  await expect(page.getByRole('gridcell', { name: /^mallory, m3: Reads content/ })).toBeVisible();
  await screenshot(page, 'scenario-matrix-dark');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Library' }).click();
  await screenshot(page, 'library-dark');
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('t');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});
