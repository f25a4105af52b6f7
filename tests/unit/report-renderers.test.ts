/**
 * Report renderers: JUnit and the SVG are well-formed XML, SARIF points failed expectations at their
 * line and column, HTML is self-contained with the matrix as inline SVG, and author text is escaped
 * everywhere (a scenario title is not a way to inject markup).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffMatrices } from '../../simulator/ledger/diff.js';
import {
  fileUri,
  journalJsonl,
  renderDiffText,
  renderHtml,
  renderJson,
  renderJunit,
  renderMarkdown,
  renderMatrixSvg,
  renderMatrixText,
  renderSarif,
} from '../../simulator/report/index.js';
import { loadScenario } from '../../simulator/scenario/loader.js';
import type { RunBatch, RunEntry, RunResult } from '../../simulator/scenario/result.js';
import { variantTitle } from '../../simulator/scenario/variants.js';
import { REPO_ROOT } from '../fixtures/scenarios/cli-harness.js';
import { fakeRunner } from '../fixtures/scenarios/fake-runner.js';
import { checkWellFormedXml } from '../fixtures/scenarios/xml-check.js';

const FILE = 'tests/fixtures/scenarios/good/sim-swap.yaml';
const loaded = loadScenario(readFileSync(join(REPO_ROOT, FILE), 'utf8'), FILE);
const run = fakeRunner({ failVariants: ['with-2sv'] });

async function entry(variant: string): Promise<RunEntry> {
  const result = await run(loaded, { variant, seed: 7 });
  return {
    file: FILE,
    title: loaded.scenario.title,
    variantTitle: variantTitle(loaded.scenario, variant),
    result,
  };
}

const EVIL = '<script>alert("x")</script> & \'q\' ]]> \u0001 |pipe| *star* [link](http://evil)';

/** A batch with author text that tries to break every format. */
async function evilBatch(): Promise<RunBatch> {
  const good = await entry('base');
  const result: RunResult = {
    ...good.result,
    scenarioId: 'evil',
    variant: 'base',
    expectations: [
      {
        id: 'e<1>',
        kind: 'sees-content',
        text: EVIL,
        ok: false,
        detail: EVIL,
        location: { line: 3, column: 7 },
        because: EVIL,
      },
    ],
    matrix: {
      parties: ['<b>bob</b>', 'server'],
      items: [{ id: 'm"1', kind: 'message', label: EVIL }],
      cells: [
        {
          party: '<b>bob</b>',
          item: 'm"1',
          level: 'content',
          fields: ['content'],
          hows: [EVIL],
          howKinds: ['decrypted'],
          heldCiphertext: false,
          firstT: 0,
          observations: 1,
        },
      ],
    },
  };
  return {
    format: 'sightline-results',
    version: 1,
    tool: '0.1.0',
    runs: [{ file: 'evil dir/<x>.yaml', title: EVIL, variantTitle: EVIL, result, error: EVIL }],
  };
}

async function batch(): Promise<RunBatch> {
  return {
    format: 'sightline-results',
    version: 1,
    tool: '0.1.0',
    runs: [await entry('base'), await entry('with-2sv')],
  };
}

describe('JUnit XML', () => {
  it('is well-formed with a suite per variant and a case per expectation', async () => {
    const xml = renderJunit(await batch());
    checkWellFormedXml(xml);
    expect(xml).toContain('<testsuites name="sightline" tests="7" failures="4" errors="0">');
    expect(xml).toMatch(/<testsuite name="sim-swap-fixture#base" tests="3" failures="0"/);
    expect(xml).toMatch(/<testsuite name="sim-swap-fixture#with-2sv" tests="4" failures="4"/);
    expect(xml.match(/<testcase /g)).toHaveLength(7);
    expect(xml).toContain('line="48"');
    expect(xml).toContain(`at ${FILE}:48:9`);
  });

  it('escapes author text and drops characters XML forbids', async () => {
    const xml = renderJunit(await evilBatch());
    checkWellFormedXml(xml);
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;');
    expect(xml).toContain('<error message=');
  });
});

describe('SARIF', () => {
  it('locates each failed expectation at its line and column', async () => {
    const log = JSON.parse(renderSarif(await batch())) as {
      version: string;
      $schema: string;
      runs: Array<{
        tool: { driver: { name: string; rules: Array<{ id: string }> } };
        results: Array<{
          ruleId: string;
          ruleIndex: number;
          level: string;
          message: { text: string };
          locations: Array<{
            physicalLocation: {
              artifactLocation: { uri: string };
              region: { startLine: number; startColumn: number };
            };
          }>;
        }>;
      }>;
    };
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toContain('sarif-2.1.0');
    const [sarifRun] = log.runs;
    expect(sarifRun!.tool.driver.name).toBe('sightline');
    expect(sarifRun!.results).toHaveLength(4);
    const blocked = sarifRun!.results.find((r) => r.message.text.includes("step 'takeover' fails"))!;
    expect(blocked.ruleId).toBe('expectation/action');
    expect(sarifRun!.tool.driver.rules[blocked.ruleIndex]!.id).toBe('expectation/action');
    expect(blocked.level).toBe('error');
    expect(blocked.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: FILE },
      region: { startLine: 48, startColumn: 9 },
    });
  });

  it('reports a crashed run and encodes file names as URIs', async () => {
    const log = JSON.parse(renderSarif(await evilBatch())) as {
      runs: Array<{
        results: Array<{
          ruleId: string;
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
        }>;
      }>;
    };
    const results = log.runs[0]!.results;
    expect(results.map((r) => r.ruleId)).toEqual(['run-error', 'expectation/sees-content']);
    expect(results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('evil%20dir/%3Cx%3E.yaml');
    expect(fileUri('/abs/a b.yaml')).toBe('file:///abs/a%20b.yaml');
    expect(fileUri('C:\\x\\y.yaml')).toBe('file:///C:/x/y.yaml');
  });
});

describe('HTML', () => {
  it('is self-contained, with the matrix as inline SVG', async () => {
    const html = renderHtml(await batch());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).not.toMatch(/<script|<link|\ssrc=|url\(/i);
    expect(html).toContain("default-src 'none'");
    const svg = html.slice(html.indexOf('<svg '), html.indexOf('</svg>') + 6);
    checkWellFormedXml(svg);
    expect(svg).toMatch(/<g class="cell content"><title>alice · m1: content \(plaintext\)/);
    expect(svg).toMatch(/<g class="cell metadata"><title>server · m1: metadata only/);
  });

  it('escapes everything an author wrote', async () => {
    const html = renderHtml(await evilBatch());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<b>bob</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    checkWellFormedXml(renderMatrixSvg((await evilBatch()).runs[0]!.result.matrix));
  });
});

describe('Markdown, JSON and text', () => {
  it('renders a summary table and a matrix table, escaping author text', async () => {
    const md = renderMarkdown(await batch());
    expect(md).toContain(
      '| sim-swap-fixture#base | tests/fixtures/scenarios/good/sim-swap.yaml | 7 | 3/3 | ✅ holds |',
    );
    expect(md).toContain('| sim-swap-fixture#with-2sv |');
    expect(md).toMatch(/\| party \| m1 \| m2 \|/);
    expect(md).toMatch(/\| alice \| P \| P \|/);
    const evil = renderMarkdown(await evilBatch());
    expect(evil).not.toContain('<script>');
    expect(evil).not.toContain('|pipe|');
    expect(evil).toContain('\\|pipe\\|');
  });

  it('round-trips JSON and writes the journal with a header line per run', async () => {
    const b = await batch();
    const parsed = JSON.parse(renderJson(b)) as RunBatch;
    expect(parsed.runs[1]!.result.expectations).toEqual(b.runs[1]!.result.expectations);
    expect(parsed.runs[0]!.result.events).toEqual([]);
    const lines = journalJsonl(b)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({
      run: {
        scenarioId: 'sim-swap-fixture',
        variant: 'base',
        seed: 7,
        journalHash: b.runs[0]!.result.journalHash,
      },
    });
    expect(lines).toHaveLength(2 + b.runs[0]!.result.events.length + b.runs[1]!.result.events.length);
  });

  it('prints the matrix and a diff as text', async () => {
    const b = await batch();
    expect(renderMatrixText(b.runs[0]!.result.matrix)).toMatch(/^party\s+m1 m2\nalice\s+P\s+P/);
    const changed = {
      ...b.runs[1]!.result.matrix,
      cells: b.runs[1]!.result.matrix.cells.filter((c) => c.party !== 'alice' || c.item !== 'm2'),
    };
    const text = renderDiffText(diffMatrices(b.runs[0]!.result.matrix, changed), { a: 'A', b: 'B' });
    expect(text).toContain('- alice · m2: content → none');
    expect(text).toMatch(/1 changed, \d+ unchanged/);
  });
});
