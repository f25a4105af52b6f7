/**
 * Plain-text renderings for terminals: the matrix as a fixed-width grid and the diff of two
 * matrices as a list of changed cells with the reason. No colour here; the CLI adds it.
 */
import type { MatrixDiff } from '../ledger/diff.js';
import type { VisibilityMatrix } from '../ledger/matrix.js';
import { cellSymbol, matrixGrid } from './matrix-grid.js';

/** Control characters would let author text move the cursor or recolour a terminal. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Author text made safe for a terminal. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, '?');
}

/** The matrix as a grid: one row per party, one column per item (P/M/C/·). */
export function renderMatrixText(matrix: VisibilityMatrix): string {
  const grid = matrixGrid(matrix);
  if (grid.items.length === 0) return '(no observations)\n';
  const rowLabel = Math.max(5, ...grid.parties.map((p) => terminalSafe(p).length));
  const widths = grid.items.map((item) => Math.max(1, terminalSafe(item.id).length));
  const lines = [
    `${'party'.padEnd(rowLabel)}  ${grid.items.map((item, i) => terminalSafe(item.id).padEnd(widths[i]!)).join(' ')}`.trimEnd(),
  ];
  for (const party of grid.parties) {
    const cells = grid.items.map((item, i) => cellSymbol(grid.cell(party, item.id)).padEnd(widths[i]!));
    lines.push(`${terminalSafe(party).padEnd(rowLabel)}  ${cells.join(' ')}`.trimEnd());
  }
  if (grid.hiddenItems > 0 || grid.hiddenParties > 0) {
    lines.push(
      `(showing ${grid.parties.length}/${matrix.parties.length} parties, ${grid.items.length}/${matrix.items.length} items)`,
    );
  }
  lines.push('P content · M metadata · C ciphertext · · nothing');
  return `${lines.join('\n')}\n`;
}

/** The diff as text: one line per changed cell, then why. */
export function renderDiffText(diff: MatrixDiff, labels: { a: string; b: string }): string {
  const lines = [`--- ${terminalSafe(labels.a)}`, `+++ ${terminalSafe(labels.b)}`];
  if (diff.changes.length === 0) lines.push('no cell of the visibility matrix changed');
  for (const change of diff.changes) {
    const sign = change.change === 'gained' ? '+' : change.change === 'lost' ? '-' : '~';
    lines.push(
      `${sign} ${terminalSafe(change.party)} · ${terminalSafe(change.item)}: ${change.before} → ${change.after}`,
    );
    const why: string[] = [];
    if (change.fieldsAdded.length > 0) why.push(`fields added: ${change.fieldsAdded.join(', ')}`);
    if (change.fieldsRemoved.length > 0) why.push(`fields removed: ${change.fieldsRemoved.join(', ')}`);
    for (const how of change.howsAdded) why.push(`now: ${terminalSafe(how)}`);
    for (const how of change.howsRemoved) why.push(`no longer: ${terminalSafe(how)}`);
    for (const reason of why) lines.push(`    ${reason}`);
  }
  if (diff.itemsOnlyInA.length > 0)
    lines.push(`items only in ${terminalSafe(labels.a)}: ${diff.itemsOnlyInA.map(terminalSafe).join(', ')}`);
  if (diff.itemsOnlyInB.length > 0)
    lines.push(`items only in ${terminalSafe(labels.b)}: ${diff.itemsOnlyInB.map(terminalSafe).join(', ')}`);
  lines.push(`${diff.changes.length} changed, ${diff.unchanged} unchanged`);
  return `${lines.join('\n')}\n`;
}
