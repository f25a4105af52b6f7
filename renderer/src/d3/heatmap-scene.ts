// The Architect's heatmap: library attacks (rows) × parties (columns), each cell what that party ends the attack
// with. A cell shows it three ways — fill by rank, the engine's mark (P, M, K, –…) and its accessible name — so
// it is never colour alone, and it is a focusable WAI-ARIA grid cell (roving tab stop; arrows move, see
// grid-nav.ts). The palette is a parameter: the page passes CSS variables (so the theme applies), exports pass
// concrete colours so the SVG stands alone. Pure, snapshot-tested in tests/unit/architect-heatmap.test.ts.
import type { Scorecard } from '../../../electron/contract-design.js';
import type { GridLayout } from './grid-nav.js';
import { h, type SvgNode } from './svg-tree.js';

export interface HeatmapPalette {
  /** Fill per rank 0 (nothing) … 3 (content). */
  readonly fill: readonly [string, string, string, string];
  /** Text colour on each rank's fill. */
  readonly ink: readonly [string, string, string, string];
  readonly text: string;
  readonly muted: string;
  readonly background: string;
  readonly changed: string;
  readonly focus: string;
}

/** On the page: the theme's variables (tokens.css); the level colours are the matrix's, so both read alike. */
export const PAGE_PALETTE: HeatmapPalette = {
  fill: [
    'var(--level-none-soft)',
    'var(--level-ciphertext-soft)',
    'var(--level-metadata)',
    'var(--level-content)',
  ],
  ink: ['var(--text-muted)', 'var(--text)', '#1a1205', 'var(--level-ink)'],
  text: 'var(--text)',
  muted: 'var(--text-muted)',
  background: 'var(--surface)',
  changed: 'var(--changed)',
  focus: 'var(--accent)',
};

/** In an exported file: the light theme's colours written out. */
export const EXPORT_PALETTE: HeatmapPalette = {
  fill: ['#f1f3f6', '#d6e9f5', '#e69f00', '#d55e00'],
  ink: ['#4d5866', '#141a22', '#1a1205', '#ffffff'],
  text: '#141a22',
  muted: '#4d5866',
  background: '#ffffff',
  changed: '#cc79a7',
  focus: '#0f6e68',
};

export interface HeatmapLayout extends GridLayout<
  { attack: string; title: string; y: number },
  { party: string; label: string; x: number }
> {
  readonly rotate: boolean;
}

const MARGIN = 6;
const GAP = 3;

/** Attacks that apply, in scorecard order, × every party; about `width` wide (cells between 40 and 120). */
export function heatmapLayout(
  card: Scorecard,
  width: number,
  options: { compact?: boolean } = {},
): HeatmapLayout {
  const compact = options.compact ?? false;
  const left = compact ? 150 : 250;
  const attacks = card.attacks.filter((a) => a.applies);
  const n = Math.max(1, card.parties.length);
  const cellW = Math.max(compact ? 38 : 44, Math.min(120, Math.floor((width - left - 2 * MARGIN - 48) / n)));
  const cellH = compact ? 26 : 34;
  const longest = Math.max(0, ...card.parties.map((p) => p.label.length));
  const rotate = longest * 7.6 > cellW - 6;
  const top = MARGIN + (rotate ? Math.min(150, 24 + longest * 5.6) : 30);
  const rows = attacks.map((a, i) => ({ attack: a.id, title: a.title, y: top + i * (cellH + GAP) }));
  const cols = card.parties.map((p, i) => ({ party: p.id, label: p.label, x: MARGIN + left + i * cellW }));
  return {
    // Rotated headings lean right past the last column: leave them room.
    width: Math.max(width, MARGIN * 2 + left + n * cellW + (rotate ? 48 : 0)),
    height: top + rows.length * (cellH + GAP) + MARGIN,
    left: MARGIN + left,
    top,
    cellW,
    cellH,
    rows,
    cols,
    rotate,
  };
}

export interface HeatmapOptions {
  readonly prefix: string;
  readonly title: string;
  readonly palette: HeatmapPalette;
  /** The cell holding the roving tab stop (`row:col`); null for drawings that are not interactive (exports). */
  readonly activeCell: string | null;
  readonly selectedCell?: string | null;
  /** Cells that differ from another design (compare), by `attack|party`. */
  readonly changed?: ReadonlySet<string>;
  readonly fontScale?: number;
}

export function cellId(prefix: string, row: number, col: number): string {
  return `${prefix}-cell-${row}-${col}`;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** The heatmap as an SvgNode tree (render.ts draws it; serializeSvg exports it). */
export function heatmapScene(card: Scorecard, layout: HeatmapLayout, options: HeatmapOptions): SvgNode {
  const pal = options.palette;
  const fs = options.fontScale ?? 1;
  const cells = new Map(card.cells.map((c) => [`${c.attack}|${c.party}`, c]));
  const headers = layout.cols.map((col) => {
    const cx = col.x + layout.cellW / 2;
    return h(
      'g',
      { class: 'col-head', role: 'columnheader' },
      [
        layout.rotate
          ? h(
              'text',
              {
                transform: `translate(${cx + 4},${layout.top - 8}) rotate(-50)`,
                'font-size': 13 * fs,
                'font-weight': 650,
                fill: pal.text,
              },
              truncate(col.label, 26),
            )
          : h(
              'text',
              {
                x: cx,
                y: layout.top - 10,
                'text-anchor': 'middle',
                'font-size': 13 * fs,
                'font-weight': 650,
                fill: pal.text,
              },
              col.label,
            ),
      ],
      col.party,
    );
  });
  const rows = layout.rows.map((row, r) =>
    h(
      'g',
      { class: 'row', role: 'row', transform: `translate(0,${row.y})` },
      [
        h('g', { class: 'row-head', role: 'rowheader' }, [
          h(
            'text',
            {
              x: MARGIN + 4,
              y: layout.cellH / 2,
              dy: '0.35em',
              'font-size': 14 * fs,
              'font-weight': 600,
              fill: pal.text,
            },
            // About 8.4 px per character of 14 px semibold text: the title ends before the first column.
            truncate(row.title, Math.floor((layout.left - MARGIN - 12) / (8.4 * fs))),
          ),
          h('title', {}, row.title),
        ]),
        ...layout.cols.map((col, c) => {
          const cell = cells.get(`${row.attack}|${col.party}`);
          const rank = cell?.rank ?? 0;
          const key = `${row.attack}|${col.party}`;
          const changed = options.changed?.has(key) ?? false;
          const selected = options.selectedCell === `${r}:${c}`;
          const label = `${row.title}, ${col.label}: ${cell?.label ?? 'not evaluated'}${changed ? ' (differs)' : ''}`;
          return h(
            'g',
            {
              class: `cell rank-${rank}${changed ? ' changed' : ''}${selected ? ' selected' : ''}`,
              id: options.activeCell === null ? null : cellId(options.prefix, r, c),
              role: 'gridcell',
              tabindex: options.activeCell === null ? null : options.activeCell === `${r}:${c}` ? 0 : -1,
              'aria-label': label,
              'aria-selected': options.activeCell === null ? null : selected ? 'true' : 'false',
              'data-row': r,
              'data-col': c,
              'data-attack': row.attack,
              'data-party': col.party,
              transform: `translate(${col.x},0)`,
            },
            [
              h('rect', {
                class: 'cell-bg',
                x: 1,
                y: 0,
                width: layout.cellW - 2,
                height: layout.cellH,
                rx: 4,
                fill: pal.fill[rank as 0 | 1 | 2 | 3],
                stroke: changed ? pal.changed : selected ? pal.focus : 'none',
                'stroke-width': changed || selected ? 3 : 0,
                'stroke-dasharray': changed && !selected ? '5 3' : null,
              }),
              h(
                'text',
                {
                  x: layout.cellW / 2,
                  y: layout.cellH / 2,
                  dy: '0.35em',
                  'text-anchor': 'middle',
                  'font-size': 14 * fs,
                  'font-weight': 750,
                  fill: pal.ink[rank as 0 | 1 | 2 | 3],
                  'aria-hidden': 'true',
                },
                cell?.mark ?? '?',
              ),
              h('title', {}, label),
            ],
            col.party,
          );
        }),
      ],
      row.attack,
    ),
  );
  return h(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      width: layout.width,
      height: layout.height,
      'font-family': "'Inter', 'Segoe UI', system-ui, sans-serif",
      'aria-labelledby': `${options.prefix}-title`,
    },
    [
      h('title', { id: `${options.prefix}-title` }, options.title),
      h('rect', { x: 0, y: 0, width: layout.width, height: layout.height, fill: pal.background }),
      h(
        'g',
        {
          class: 'grid',
          role: options.activeCell === null ? null : 'grid',
          'aria-label': options.title,
          'aria-rowcount': layout.rows.length,
          'aria-colcount': layout.cols.length,
        },
        [h('g', { class: 'heads', role: 'row' }, headers, 'heads'), ...rows],
      ),
    ],
  );
}
