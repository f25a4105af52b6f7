// Benchmark (prints figures, asserts nothing about time): how long a large run (≥ 10,000 journal events) takes
// to open in the renderer, per view, and how many frames per second the playhead scrubs at. Browser mode with the
// real service and Debian's Chromium. Run after building the renderer:
//   npx vite build && node --import tsx tests/e2e/bench-open-run.ts [messages]
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserMode } from '../../electron/web/start.js';
import { CHROMIUM_LAUNCH } from './chromium.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const messages = Number(process.argv[2] ?? 450);

function bigScenario(count: number): string {
  const users = ['alice', 'bob', 'carol'];
  const steps = Array.from({ length: count }, (_, i) => {
    const from = users[i % 3]!;
    const to = users[(i + 1) % 3]!;
    return `  - send: { id: m${i}, from: ${from}, to: ${to}, text: "message ${i}" }`;
  });
  return [
    'sightline: 1',
    'id: bench-big-chat',
    'title: Benchmark — many messages',
    'summary: A long conversation, for measuring how the lab handles large runs.',
    'parties:',
    '  - { id: alice, kind: user }',
    '  - { id: bob, kind: user }',
    '  - { id: carol, kind: user }',
    '  - { id: server, kind: chat-server }',
    '  - { id: isp, kind: network-observer }',
    'steps:',
    ...steps,
    'expectations:',
    '  - never-sees-content: { party: server }',
    '',
  ].join('\n');
}

const dataDir = mkdtempSync(join(tmpdir(), 'sightline-bench-'));
const mode = await startBrowserMode({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  builtInDir: join(root, 'tests', 'e2e', 'fixtures', 'scenarios'),
});
const call = async (name: string, args: unknown) => {
  const response = await fetch(`${mode.web.origin}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-sightline-token': mode.web.token },
    body: JSON.stringify(args),
  });
  const body = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error?.message}`);
  return body.value;
};

const browser = await chromium.launch(CHROMIUM_LAUNCH);
try {
  const { runId } = (await call('startRun', { scenario: { kind: 'text', text: bigScenario(messages) } })) as {
    runId: string;
  };
  let summary: { journalLength: number; id: string } | undefined;
  const startedAt = Date.now();
  while (!summary) {
    if (Date.now() - startedAt > 300_000)
      throw new Error('The run did not complete in 5 minutes; see the host log.');
    await new Promise((r) => setTimeout(r, 500));
    summary = ((await call('listRuns', { limit: 5 })) as { journalLength: number; id: string }[]).find(
      (r) => r.id === runId,
    );
  }
  console.log(`run: ${messages} messages, ${summary.journalLength} journal events`);

  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`${mode.web.url}`);
  await page.getByRole('heading', { name: 'Who can see what?' }).waitFor();

  const views = ['overview', 'network', 'matrix', 'party', 'timeline'] as const;
  for (const view of views) {
    // A fresh page load per view (leave the page first: a hash-only change would not reload it).
    await page.goto('about:blank');
    const t0 = Date.now();
    await page.goto(`${mode.web.origin}/#/run/${runId}?view=${view}`);
    await page.locator(`#run-panel[data-view="${view}"]`).waitFor();
    await page.getByTestId('run-verdict').waitFor();
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    const fetchMs = await page.evaluate<string>(
      `(() => { const r = performance.getEntriesByType('resource'); const js = r.find((e) => e.name.endsWith('.js')); const run = r.find((e) => e.name.endsWith('/api/getRun'));
        return 'script loaded at ' + Math.round(js ? js.responseEnd : 0) + ' ms, getRun ' + Math.round(run.startTime) + '–' + Math.round(run.responseEnd) + ' ms (' + Math.round(run.transferSize / 1024) + ' KiB), drawn at ' + Math.round(performance.now()) + ' ms'; })()`,
    );
    console.log(`open ${view.padEnd(9)} ${Date.now() - t0} ms (page load, fetch and draw: ${fetchMs})`);
  }

  // Scrub: move the playhead every frame for two seconds and count frames (the party view redraws per frame).
  await page.goto(`${mode.web.origin}/#/run/${runId}?view=party&party=bob`);
  await page.locator('input[aria-label="Time in the run"]').waitFor();
  // A string, not a function: tsx would wrap named inner functions in a helper the page does not have.
  const fps = await page.evaluate<number>(`new Promise((resolve) => {
    const slider = document.querySelector('input[aria-label="Time in the run"]');
    const max = Number(slider.max);
    let frames = 0;
    const start = performance.now();
    const step = (now) => {
      const elapsed = now - start;
      slider.value = String(Math.round((elapsed / 2000) * max));
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      frames++;
      if (elapsed < 2000) requestAnimationFrame(step);
      else resolve((frames * 1000) / elapsed);
    };
    requestAnimationFrame(step);
  })`);
  console.log(`scrub party view: ${fps.toFixed(1)} frames per second`);
} finally {
  await browser.close();
  await mode.close();
  rmSync(dataDir, { recursive: true, force: true });
}
