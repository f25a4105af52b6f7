/**
 * The visibility matrix laid out for display: rows (parties) and columns (items), capped so a run
 * with thousands of items still renders, with a note of what was left out.
 */
import type { MatrixCell, VisibilityMatrix } from '../ledger/matrix.js';
import type { ItemSummary, VisibilityLevel } from '../ledger/types.js';

/** Letters used in text, Markdown and SVG cells (P plaintext, M metadata, C ciphertext). */
export const LEVEL_SYMBOL: Readonly<Record<VisibilityLevel, string>> = {
  content: 'P',
  metadata: 'M',
  ciphertext: 'C',
  none: '·',
};

export const LEVEL_LABEL: Readonly<Record<VisibilityLevel, string>> = {
  content: 'content (plaintext)',
  metadata: 'metadata only',
  ciphertext: 'ciphertext only',
  none: 'nothing',
};

export interface MatrixGrid {
  parties: string[];
  items: ItemSummary[];
  /** The cell for (row, column), undefined when nothing was observed. */
  cell(party: string, item: string): MatrixCell | undefined;
  /** Rows and columns left out by the caps. */
  hiddenParties: number;
  hiddenItems: number;
}

/** Display caps (a limit on everything: a report of a benchmark-sized run stays readable). */
export const DEFAULT_GRID_LIMITS = { parties: 60, items: 80 };

export function matrixGrid(matrix: VisibilityMatrix, limits = DEFAULT_GRID_LIMITS): MatrixGrid {
  const cells = new Map<string, MatrixCell>();
  for (const cell of matrix.cells) cells.set(`${cell.party}\u0000${cell.item}`, cell);
  const parties = matrix.parties.slice(0, limits.parties);
  const items = matrix.items.slice(0, limits.items);
  return {
    parties,
    items,
    cell: (party, item) => cells.get(`${party}\u0000${item}`),
    hiddenParties: matrix.parties.length - parties.length,
    hiddenItems: matrix.items.length - items.length,
  };
}

/** `P` / `M` / `C` / `·` for a cell. */
export function cellSymbol(cell: MatrixCell | undefined): string {
  return LEVEL_SYMBOL[cell?.level ?? 'none'];
}

/** Tooltip / footnote text for a cell: level, fields, hows. */
export function cellDescription(party: string, item: ItemSummary, cell: MatrixCell | undefined): string {
  if (!cell) return `${party} · ${item.id}: nothing`;
  const fields = cell.fields.length > 0 ? ` — fields: ${cell.fields.join(', ')}` : '';
  const hows = cell.hows.length > 0 ? ` — how: ${cell.hows.join('; ')}` : '';
  return `${party} · ${item.id}: ${LEVEL_LABEL[cell.level]}${fields}${hows}`;
}
