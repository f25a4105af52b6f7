// Repaints only the matrix cells whose level changed as the playhead moved (LevelCursor.seek says which), so a
// scrub through a large run touches a handful of cells per frame, not every cell.
import { cellElementId, cellName, cellParts, type CellLevel, type MatrixLayout } from './matrix-scene.js';
import { renderChildren } from './render.js';

export interface CellUpdate {
  readonly row: number;
  readonly col: number;
  readonly level: CellLevel;
}

export function applyMatrixLevels(
  svg: SVGSVGElement,
  layout: MatrixLayout,
  prefix: string,
  updates: readonly CellUpdate[],
): void {
  const doc = svg.ownerDocument;
  for (const u of updates) {
    const el = doc.getElementById(cellElementId(prefix, u.row, u.col));
    if (!el) continue;
    const body = el.querySelector('g.cell-body');
    if (body) renderChildren(body, cellParts(layout, u.level, prefix));
    el.setAttribute('class', el.getAttribute('class')!.replace(/level-\S+/, `level-${u.level}`));
    const row = layout.rows[u.row]!;
    const col = layout.cols[u.col]!;
    const changed = /changed-(\w+)/.exec(el.getAttribute('class') ?? '');
    el.setAttribute(
      'aria-label',
      cellName(row.party, col.item, u.level) + (changed ? ` (${changed[1]})` : ''),
    );
  }
}
