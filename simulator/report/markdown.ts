/**
 * The Markdown report (`report.md` in a run directory): a summary table, then per run the
 * expectations with their details and the visibility matrix as a table. Author text is escaped.
 */
import type { InvalidScenarioFile, RunBatch, RunEntry } from '../scenario/result.js';
import { runKey } from '../scenario/result.js';
import { formatDuration } from '../scenario/duration.js';
import { escapeMarkdown as md } from './escape.js';
import { cellDescription, cellSymbol, matrixGrid } from './matrix-grid.js';

/** Most "how content was reached" notes listed per run. */
const MAX_CONTENT_NOTES = 50;

function status(entry: RunEntry): string {
  if (entry.error !== undefined) return '💥 error';
  return entry.result.valid ? '✅ holds' : '❌ fails';
}

function matrixTable(entry: RunEntry): string[] {
  const grid = matrixGrid(entry.result.matrix);
  if (grid.items.length === 0) return ['_No observations were recorded._'];
  const lines = [
    `| party | ${grid.items.map((item) => md(item.id)).join(' | ')} |`,
    `|---|${grid.items.map(() => ':-:').join('|')}|`,
  ];
  for (const party of grid.parties) {
    lines.push(
      `| ${md(party)} | ${grid.items.map((item) => cellSymbol(grid.cell(party, item.id))).join(' | ')} |`,
    );
  }
  lines.push('');
  lines.push('P content (plaintext) · M metadata only · C ciphertext only · · nothing');
  if (grid.hiddenItems > 0 || grid.hiddenParties > 0) {
    lines.push(
      '',
      `_Showing ${grid.parties.length} of ${entry.result.matrix.parties.length} parties and ${grid.items.length} of ${entry.result.matrix.items.length} items._`,
    );
  }
  const notes: string[] = [];
  for (const party of grid.parties) {
    for (const item of grid.items) {
      const cell = grid.cell(party, item.id);
      if (cell?.level === 'content' && notes.length < MAX_CONTENT_NOTES)
        notes.push(`- ${md(cellDescription(party, item, cell))}`);
    }
  }
  if (notes.length > 0) lines.push('', '**Who read content, and how**', '', ...notes);
  return lines;
}

function runSection(entry: RunEntry): string[] {
  const { result } = entry;
  const lines = [
    `## ${md(entry.title)} — ${md(result.variant)} (${md(entry.variantTitle)})`,
    '',
    `\`${md(entry.file)}\` · seed ${result.seed} · ${status(entry)} · ${result.summary.events} events · ends at ${formatDuration(result.summary.endTimeMs)}` +
      (result.journalHash ? ` · journal \`${result.journalHash.slice(0, 16)}\`` : ''),
    '',
  ];
  if (entry.error !== undefined) lines.push(`**The run failed:** ${md(entry.error)}`, '');
  lines.push('### Expectations', '');
  if (result.expectations.length === 0) lines.push('_None._');
  for (const e of result.expectations) {
    lines.push(
      `- ${e.ok ? '✅' : '❌'} **${md(e.id)}** — ${md(e.text)}: ${md(e.detail)} (line ${e.location.line})`,
    );
    if (e.because !== undefined) lines.push(`  - because: ${md(e.because)}`);
  }
  lines.push('', '### Visibility matrix', '', ...matrixTable(entry), '');
  return lines;
}

function invalidSection(invalid: readonly InvalidScenarioFile[]): string[] {
  if (invalid.length === 0) return [];
  const lines = ['## Invalid scenario files', '', 'These files were not run:', ''];
  for (const file of invalid) {
    lines.push(`- \`${md(file.file)}\``);
    for (const p of file.problems)
      lines.push(
        `  - line ${p.line}, column ${p.column}${p.path === '' ? '' : ` · ${md(p.path)}`}: ${md(p.message)}`,
      );
  }
  lines.push('');
  return lines;
}

/** Renders the batch as Markdown. */
export function renderMarkdown(batch: RunBatch): string {
  const passed = batch.runs.filter((r) => r.result.valid && r.error === undefined).length;
  const lines = [
    '# Sightline run report',
    '',
    `${passed} of ${batch.runs.length} runs hold every expectation (sightline ${md(batch.tool)}).`,
    '',
    '| run | file | seed | expectations | result |',
    '|---|---|---|---|---|',
    ...batch.runs.map((entry) => {
      const { passed: ok, total } = entry.result.summary.expectations;
      return `| ${md(runKey(entry.result))} | ${md(entry.file)} | ${entry.result.seed} | ${ok}/${total} | ${status(entry)} |`;
    }),
    '',
    ...invalidSection(batch.invalid ?? []),
  ];
  for (const entry of batch.runs) lines.push(...runSection(entry));
  return `${lines.join('\n').trimEnd()}\n`;
}
