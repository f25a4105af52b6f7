/**
 * Golden summaries of the built-in scenario library (scenarios/*.yaml): one readable text file per
 * scenario and variant under scenarios/golden/, holding the expectation results and the visibility
 * matrix — who ended up with content, metadata or ciphertext of what, and by which kind of means.
 * They are checked in so that any change to who-sees-what shows up as a reviewed diff;
 * `scripts/update-golden.ts` rewrites them and `tests/scenarios/library.test.ts` compares.
 *
 * Everything in a summary is derived from a deterministic run (fixed seed, virtual clock): no
 * wall-clock time, no machine-specific path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createHostCryptoProvider } from '../simulator/crypto/host-provider.js';
import type { VisibilityMatrix } from '../simulator/ledger/matrix.js';
import { LEVEL_SYMBOL } from '../simulator/report/matrix-grid.js';
import { renderMatrixText } from '../simulator/report/text.js';
import { loadScenario, type LoadedScenario } from '../simulator/scenario/loader.js';
import type { RunResult } from '../simulator/scenario/result.js';
import { runScenario } from '../simulator/scenario/runner.js';
import { resolveVariant, variantIds, variantTitle } from '../simulator/scenario/variants.js';

/** The library folder and where its golden summaries live (relative to the repository root). */
export const LIBRARY_DIR = 'scenarios';
export const GOLDEN_DIR = join(LIBRARY_DIR, 'golden');

/** The library's scenario files: `scenarios/*.yaml`, sorted (sub-folders such as drafts/ are not part of it). */
export function libraryFiles(dir = LIBRARY_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name))
    .map((entry) => join(dir, entry.name))
    .sort();
}

/** Loads one library file (throws a ScenarioError listing every problem if it is invalid). */
export function loadLibraryFile(file: string): LoadedScenario {
  return loadScenario(readFileSync(file, 'utf8'), file);
}

/** Golden file of one scenario file and variant, e.g. `scenarios/golden/06-sim-swap.two-step.txt`. */
export function goldenPath(file: string, variant: string, dir = GOLDEN_DIR): string {
  return join(dir, `${basename(file).replace(/\.ya?ml$/i, '')}.${variant}.txt`);
}

const crypto = createHostCryptoProvider();

/** Runs one variant with the scenario's own seed on the node:crypto provider (as the CLI does). */
export function runLibraryVariant(loaded: LoadedScenario, variant: string): RunResult {
  return runScenario(loaded, { variant, seed: loaded.scenario.seed, crypto });
}

/** Every (file, variant) of the library, in order. */
export function libraryRuns(
  files = libraryFiles(),
): { file: string; loaded: LoadedScenario; variant: string }[] {
  return files.flatMap((file) => {
    const loaded = loadLibraryFile(file);
    return variantIds(loaded.scenario).map((variant) => ({ file, loaded, variant }));
  });
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Hows listed per cell: enough to tell a history bundle from a live message, short enough to read. */
const MAX_HOWS = 6;

/** Per party, every item it learned something about: level, fields, and how (first few means). */
function whoSeesWhat(matrix: VisibilityMatrix): string[] {
  const lines: string[] = [];
  for (const party of matrix.parties) {
    const cells = matrix.cells.filter((c) => c.party === party);
    if (cells.length === 0) {
      lines.push(`  ${party}: nothing`);
      continue;
    }
    lines.push(`  ${party}:`);
    for (const cell of cells) {
      const fields = cell.fields.length > 0 ? cell.fields.join(', ') : 'no fields';
      lines.push(`    ${cell.item}  ${LEVEL_SYMBOL[cell.level]}  ${fields}`);
      for (const how of cell.hows.slice(0, MAX_HOWS)) lines.push(`        - ${oneLine(how)}`);
      if (cell.hows.length > MAX_HOWS) lines.push(`        - … ${cell.hows.length - MAX_HOWS} more`);
    }
  }
  return lines;
}

/** The golden summary of one run: plain text, stable for a given scenario, variant and engine. */
export function renderGoldenSummary(file: string, loaded: LoadedScenario, result: RunResult): string {
  const { scenario } = loaded;
  const variant = resolveVariant(loaded, result.variant);
  const on = scenario.defences.filter((d) => variant.defences[d.id]).map((d) => d.id);
  const off = scenario.defences.filter((d) => !variant.defences[d.id]).map((d) => d.id);
  const counts = result.summary.expectations;
  const lines: string[] = [
    `scenario   ${scenario.id} — ${oneLine(scenario.title)}`,
    `file       ${file.split('\\').join('/')}`,
    `variant    ${result.variant} — ${oneLine(variantTitle(scenario, result.variant))}`,
    `seed       ${result.seed}`,
    // The journal's SHA-256: any change to what a run does, even one no expectation notices, shows here.
    `journal    ${result.journalHash}`,
    `defences   on: ${on.join(', ') || '-'} · off: ${off.join(', ') || '-'}`,
    `result     ${counts.passed}/${counts.total} expectations hold${result.valid ? '' : ' — RUN INVALID'}`,
    '',
    'expectations',
  ];
  for (const e of result.expectations) {
    lines.push(`  ${e.ok ? 'ok  ' : 'FAIL'} ${e.id}: ${oneLine(e.text)}`);
    lines.push(`       ${oneLine(e.detail)}`);
  }
  lines.push('', 'visibility matrix');
  lines.push(
    ...renderMatrixText(result.matrix)
      .trimEnd()
      .split('\n')
      .map((line) => `  ${line}`.trimEnd()),
  );
  lines.push('', 'items');
  const idWidth = Math.max(0, ...result.matrix.items.map((i) => i.id.length));
  for (const item of result.matrix.items) {
    lines.push(`  ${item.id.padEnd(idWidth)}  ${item.kind.padEnd(14)}  ${oneLine(item.label)}`);
  }
  lines.push('', 'who sees what (level, fields learned, how)');
  lines.push(...whoSeesWhat(result.matrix));
  return `${lines.join('\n')}\n`;
}
