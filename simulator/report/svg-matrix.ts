/**
 * The visibility matrix as an inline SVG (no external assets, no script): one row per party, one
 * column per item, each cell coloured by level and lettered (P/M/C) so it reads without colour,
 * with a `<title>` tooltip giving fields and hows. All text is escaped; sizes are integers so the
 * output is stable for snapshot tests.
 */
import type { VisibilityMatrix } from '../ledger/matrix.js';
import type { VisibilityLevel } from '../ledger/types.js';
import { escapeXml } from './escape.js';
import { cellDescription, cellSymbol, LEVEL_LABEL, matrixGrid, DEFAULT_GRID_LIMITS } from './matrix-grid.js';

const CELL = 22;
const LABEL_WIDTH = 150;
const HEADER_HEIGHT = 110;
const LEGEND_HEIGHT = 34;
const LEGEND_ITEM_WIDTH = 140;
const LEGEND_WIDTH = 4 * LEGEND_ITEM_WIDTH + 20;

export const LEVEL_FILL: Readonly<Record<VisibilityLevel, string>> = {
  content: '#c0392b',
  metadata: '#e6a700',
  ciphertext: '#7f9db9',
  none: '#f2f2f2',
};
const LEVEL_TEXT: Readonly<Record<VisibilityLevel, string>> = {
  content: '#ffffff',
  metadata: '#000000',
  ciphertext: '#000000',
  none: '#999999',
};

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Renders `matrix` as a standalone `<svg>` element (string). */
export function renderMatrixSvg(
  matrix: VisibilityMatrix,
  options: { title?: string; limits?: typeof DEFAULT_GRID_LIMITS } = {},
): string {
  const grid = matrixGrid(matrix, options.limits ?? DEFAULT_GRID_LIMITS);
  // Room for the rotated column labels on the right, and for the legend below.
  const width = Math.max(LABEL_WIDTH + Math.max(1, grid.items.length) * CELL + 70, LEGEND_WIDTH);
  const height = HEADER_HEIGHT + Math.max(1, grid.parties.length) * CELL + LEGEND_HEIGHT;
  const title = options.title ?? 'Visibility matrix';
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="matrix" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">`,
  );
  out.push(`<title>${escapeXml(title)}</title>`);
  grid.items.forEach((item, col) => {
    const x = LABEL_WIDTH + col * CELL + CELL / 2;
    out.push(
      `<text x="${x}" y="${HEADER_HEIGHT - 6}" transform="rotate(-60 ${x} ${HEADER_HEIGHT - 6})"><title>${escapeXml(item.label)}</title>${escapeXml(clip(item.id, 18))}</text>`,
    );
  });
  grid.parties.forEach((party, row) => {
    const y = HEADER_HEIGHT + row * CELL;
    out.push(
      `<text x="${LABEL_WIDTH - 6}" y="${y + 15}" text-anchor="end">${escapeXml(clip(party, 22))}</text>`,
    );
    grid.items.forEach((item, col) => {
      const cell = grid.cell(party, item.id);
      const level = cell?.level ?? 'none';
      const x = LABEL_WIDTH + col * CELL;
      out.push(
        `<g class="cell ${level}"><title>${escapeXml(cellDescription(party, item, cell))}</title>` +
          `<rect x="${x}" y="${y}" width="${CELL - 2}" height="${CELL - 2}" fill="${LEVEL_FILL[level]}"/>` +
          `<text x="${x + (CELL - 2) / 2}" y="${y + 15}" text-anchor="middle" fill="${LEVEL_TEXT[level]}">${escapeXml(cellSymbol(cell))}</text></g>`,
      );
    });
  });
  const legendY = HEADER_HEIGHT + Math.max(1, grid.parties.length) * CELL + 12;
  (['content', 'metadata', 'ciphertext', 'none'] as const).forEach((level, i) => {
    const x = 10 + i * LEGEND_ITEM_WIDTH;
    out.push(
      `<rect x="${x}" y="${legendY}" width="12" height="12" fill="${LEVEL_FILL[level]}"/>` +
        `<text x="${x + 16}" y="${legendY + 10}">${escapeXml(LEVEL_LABEL[level])}</text>`,
    );
  });
  if (grid.hiddenItems > 0 || grid.hiddenParties > 0) {
    out.push(
      `<text x="${LABEL_WIDTH}" y="14">${escapeXml(`showing ${grid.parties.length} of ${matrix.parties.length} parties, ${grid.items.length} of ${matrix.items.length} items`)}</text>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}
