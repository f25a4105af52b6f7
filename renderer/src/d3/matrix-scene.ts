// The visibility matrix as a drawing: parties (rows, grouped by trust boundary as in the network drawing) ×
// items (columns, in the order they were made). Each cell shows its level three ways — pattern fill, a word
// or letter, and its accessible name — and is a focusable grid cell. The layout adapts to the width: words in
// wide cells, letters in narrow ones, rotated headers when columns get tight. Pure.
import type { ItemSummary, VisibilityLevel } from '../../../simulator/ledger/types.js';
import { LEVEL_STYLES } from '../model/visibility.js';
import { isMessageKind, kindWord, shortItemName } from './items.js';
import { LEVEL_COLOR, LEVEL_MARK, levelDefs, levelFill } from './level-marks.js';
import type { GridLayout } from './grid-nav.js';
import { h, type SvgNode } from './svg-tree.js';
import { trustGroups } from './trust-groups.js';

const ROW_HEADER_W = 190;
const MARGIN = 8;
const GROUP_GAP = 10;
const CELL_GAP = 3;

/** What a matrix is drawn over: rows and columns (a RunIndex is one; the compare view uses a union of two). */
export interface MatrixShape {
  readonly parties: readonly string[];
  readonly kinds: ReadonlyMap<string, string>;
  readonly items: readonly ItemSummary[];
}

export interface MatrixRow {
  readonly party: string;
  readonly kindLabel: string;
  readonly y: number;
}

export interface MatrixCol {
  readonly item: string;
  readonly name: string;
  readonly kindWord: string;
  readonly message: boolean;
  readonly label: string;
  readonly x: number;
}

export interface MatrixLayout extends GridLayout<MatrixRow, MatrixCol> {
  /** What fits in a cell: the level's word, its letter, or only the pattern. */
  readonly cellText: 'word' | 'mark' | 'none';
  readonly rotateHeaders: boolean;
}

export interface MatrixLayoutOptions {
  /** Widest a cell may get (wide screens with few items). */
  readonly maxCellW?: number;
  /** Narrowest a cell may get before the drawing grows wider than `width` and scrolls. */
  readonly minCellW?: number;
}

/** Lays out rows and columns for a drawing about `width` pixels wide (wider if the items do not fit). */
export function matrixLayout(
  index: MatrixShape,
  width: number,
  options: MatrixLayoutOptions = {},
): MatrixLayout {
  const maxCellW = options.maxCellW ?? 112;
  const minCellW = options.minCellW ?? 18;
  const nItems = index.items.length;
  const avail = width - ROW_HEADER_W - 2 * MARGIN;
  const cellW = Math.max(minCellW, Math.min(maxCellW, nItems > 0 ? Math.floor(avail / nItems) : maxCellW));
  const cellText = cellW >= 88 ? 'word' : cellW >= 26 ? 'mark' : 'none';
  // Rows stay tall enough to read a party's name from the back of a room, however narrow the columns.
  const cellH = cellW >= 60 ? 46 : Math.max(30, Math.min(40, cellW));
  const nameMax = cellW >= 88 ? 14 : 10;
  const widest = Math.max(0, ...index.items.map((item) => shortItemName(item, nameMax).length));
  // Upright headers need the widest name (≈ 8.6 px a character at 15 px bold) to fit its column.
  const rotateHeaders = widest * 8.6 > cellW - 6;
  const headerH = rotateHeaders ? 96 : 54;
  const groups = trustGroups(index.parties, index.kinds);
  const rows: MatrixRow[] = [];
  let y = MARGIN + headerH;
  groups.forEach((g, gi) => {
    if (gi > 0) y += GROUP_GAP;
    for (const p of g.parties) {
      rows.push({ party: p.id, kindLabel: p.kindLabel, y });
      y += cellH + CELL_GAP;
    }
  });
  const cols: MatrixCol[] = index.items.map((item, i) => ({
    item: item.id,
    name: shortItemName(item, nameMax),
    kindWord: kindWord(item.kind),
    message: isMessageKind(item.kind),
    label: item.label,
    x: MARGIN + ROW_HEADER_W + i * cellW,
  }));
  const drawnWidth = MARGIN * 2 + ROW_HEADER_W + nItems * cellW;
  return {
    width: Math.max(width, drawnWidth),
    height: Math.round(y + MARGIN),
    left: MARGIN + ROW_HEADER_W,
    top: MARGIN + headerH,
    cellW,
    cellH,
    rows,
    cols,
    cellText,
    rotateHeaders,
  };
}

/** A cell's level as `hidden` (presenter mode) or a VisibilityLevel. */
export type CellLevel = VisibilityLevel | 'hidden';

export interface MatrixSceneOptions {
  readonly prefix: string;
  readonly title: string;
  /** The level each cell shows. */
  readonly levelOf: (party: string, item: string) => CellLevel;
  /** Cells to mark as changed (compare view), by `<party>|<item>`. */
  readonly changed?: ReadonlyMap<string, 'gained' | 'lost' | 'changed'>;
  /** The party whose row is selected. */
  readonly selectedParty?: string | null;
  /** Grid cell that takes Tab focus, `<row>:<col>` in layout order. */
  readonly activeCell?: string;
  /**
   * Columns to draw, [from, to) (default all). A run with hundreds of items draws only the columns in view:
   * the page repaints what it holds, and a 10,000-event run has thousands of cells.
   */
  readonly cols?: readonly [number, number];
}

/** The columns whose cells overlap [x0, x1] in drawing units, widened by `buffer` columns each side. */
export function columnsInView(layout: MatrixLayout, x0: number, x1: number, buffer = 12): [number, number] {
  const n = layout.cols.length;
  const first = Math.floor((x0 - layout.left) / layout.cellW);
  const last = Math.ceil((x1 - layout.left) / layout.cellW);
  return [Math.max(0, Math.min(n, first - buffer)), Math.max(0, Math.min(n, last + buffer))];
}

/** Words and letters a cell shows for a level. */
export function cellCaption(level: CellLevel, mode: MatrixLayout['cellText']): string {
  if (mode === 'none') return '';
  if (level === 'hidden') return '?';
  return mode === 'word' ? (level === 'none' ? '' : LEVEL_STYLES[level].short) : LEVEL_MARK[level];
}

/** The accessible name of a cell. */
export function cellName(party: string, item: string, level: CellLevel): string {
  if (level === 'hidden') return `${party}, ${item}: hidden while presenting`;
  return `${party}, ${item}: ${LEVEL_STYLES[level].label}`;
}

/** The id of the DOM element of a cell (unique within the drawing's prefix). */
export function cellElementId(prefix: string, row: number, col: number): string {
  return `${prefix}-c${row}-${col}`;
}

/** The visual parts of one cell at a level (also used to update a cell in place). */
export function cellParts(layout: MatrixLayout, level: CellLevel, prefix: string): SvgNode[] {
  const w = layout.cellW - CELL_GAP;
  const hgt = layout.cellH;
  const caption = cellCaption(level, layout.cellText);
  const solid = level === 'content';
  const plate = caption !== '' && !solid && level !== 'hidden' && level !== 'none';
  const fill = level === 'hidden' ? 'var(--surface-3)' : levelFill(prefix, level);
  const plateW = layout.cellText === 'word' ? Math.min(w - 10, caption.length * 8.6 + 14) : 20;
  return [
    h('rect', {
      class: 'cell-bg',
      width: w,
      height: hgt,
      rx: 5,
      fill,
      stroke:
        level === 'none' ? 'var(--border)' : level === 'hidden' ? 'var(--border-strong)' : LEVEL_COLOR[level],
      'stroke-width': 1,
      'stroke-dasharray': level === 'none' ? '3 3' : null,
    }),
    plate
      ? h('rect', {
          class: 'cell-plate',
          x: (w - plateW) / 2,
          y: hgt / 2 - 11,
          width: plateW,
          height: 22,
          rx: 4,
          fill: 'var(--surface)',
          'fill-opacity': 0.94,
        })
      : null,
    caption
      ? h(
          'text',
          {
            class: 'cell-text',
            x: w / 2,
            y: hgt / 2,
            dy: '0.35em',
            'text-anchor': 'middle',
            'font-size': layout.cellText === 'word' ? 14 : 13,
            'font-weight': 700,
            fill: solid ? 'var(--level-ink)' : 'var(--text)',
          },
          caption,
        )
      : null,
  ].filter((n): n is SvgNode => n !== null);
}

/** The whole matrix drawing. */
export function matrixScene(layout: MatrixLayout, options: MatrixSceneOptions): SvgNode {
  const { prefix } = options;
  const [c0, c1] = options.cols ?? [0, layout.cols.length];
  const drawn = (c: number) => c >= c0 && c < c1;
  const headers = layout.cols.map((col, c) => {
    if (!drawn(c)) return null;
    const cx = col.x + (layout.cellW - CELL_GAP) / 2;
    const baseY = layout.top - 10;
    const weight = col.message ? 750 : 600;
    if (layout.rotateHeaders) {
      return h(
        'g',
        { class: 'col-head', transform: `translate(${cx},${baseY}) rotate(-55)`, 'data-col': c },
        [
          h('text', { 'font-size': 13, 'font-weight': weight, fill: 'var(--text)' }, col.name),
          h('title', {}, col.label),
        ],
        col.item,
      );
    }
    return h(
      'g',
      { class: 'col-head', transform: `translate(${cx},${baseY})`, 'data-col': c },
      [
        h(
          'text',
          { 'text-anchor': 'middle', y: -18, 'font-size': 15, 'font-weight': weight, fill: 'var(--text)' },
          col.name,
        ),
        h(
          'text',
          { 'text-anchor': 'middle', y: -1, 'font-size': 12, fill: 'var(--text-faint)' },
          col.kindWord,
        ),
        h('title', {}, col.label),
      ],
      col.item,
    );
  });
  const rows = layout.rows.map((row, r) => {
    const selected = options.selectedParty === row.party;
    return h(
      'g',
      {
        class: `row${selected ? ' selected' : ''}`,
        role: 'row',
        'data-party': row.party,
        transform: `translate(0,${row.y})`,
      },
      [
        selected
          ? h('rect', {
              class: 'row-mark',
              x: 2,
              y: -2,
              width: 5,
              height: layout.cellH + 4,
              rx: 2,
              fill: 'var(--accent)',
            })
          : null,
        h('g', { class: 'row-head', role: 'rowheader', 'data-party': row.party }, [
          h(
            'text',
            {
              x: 16,
              y: layout.cellH >= 40 ? layout.cellH / 2 - 3 : layout.cellH / 2,
              dy: layout.cellH >= 40 ? null : '0.35em',
              'font-size': 16,
              'font-weight': 700,
              fill: 'var(--text)',
            },
            row.party,
          ),
          // The kind fits under the name only in tall rows; the tooltip and the table always say it.
          layout.cellH >= 40
            ? h(
                'text',
                { x: 16, y: layout.cellH / 2 + 14, 'font-size': 12.5, fill: 'var(--text-muted)' },
                row.kindLabel,
              )
            : h('title', {}, `${row.party} (${row.kindLabel})`),
        ]),
        ...layout.cols.map((col, c) => {
          if (!drawn(c)) return null;
          const level = options.levelOf(row.party, col.item);
          const change = options.changed?.get(`${row.party}|${col.item}`);
          const active = options.activeCell === `${r}:${c}`;
          return h(
            'g',
            {
              id: cellElementId(prefix, r, c),
              class: `cell level-${level}${change ? ` changed changed-${change}` : ''}`,
              role: 'gridcell',
              tabindex: active ? 0 : -1,
              'data-row': r,
              'data-col': c,
              'aria-label': cellName(row.party, col.item, level) + (change ? ` (${change})` : ''),
              transform: `translate(${col.x},0)`,
            },
            [
              h('g', { class: 'cell-body' }, cellParts(layout, level, prefix)),
              change
                ? h('rect', {
                    class: 'cell-changed',
                    x: -2,
                    y: -2,
                    width: layout.cellW - CELL_GAP + 4,
                    height: layout.cellH + 4,
                    rx: 7,
                    fill: 'none',
                    stroke: 'var(--changed)',
                    'stroke-width': 4,
                  })
                : null,
              change
                ? h(
                    'text',
                    {
                      class: 'cell-change-mark',
                      x: layout.cellW - CELL_GAP - 4,
                      y: 11,
                      'text-anchor': 'end',
                      'font-size': 12,
                      'font-weight': 800,
                      fill: 'var(--text)',
                    },
                    change === 'gained' ? '▲' : change === 'lost' ? '▼' : '≠',
                  )
                : null,
            ],
            `${r}:${c}`,
          );
        }),
      ],
      row.party,
    );
  });
  return h(
    'svg',
    {
      class: 'sl-matrix',
      'data-export': 'matrix',
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      width: layout.width,
      height: layout.height,
      'font-family': 'var(--font-sans)',
    },
    [
      h('title', {}, options.title),
      levelDefs(prefix),
      h(
        'g',
        { class: 'col-heads' },
        headers.filter((x): x is SvgNode => x !== null),
      ),
      h(
        'g',
        { class: 'grid', role: 'grid', 'aria-label': options.title, 'aria-rowcount': layout.rows.length },
        rows,
      ),
    ],
  );
}
