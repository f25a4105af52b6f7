// The compare drawing: the two matrices in one <svg> (so "Export view" saves both), rows and columns aligned on
// the union of the two runs, changed cells outlined and marked ▲ gained / ▼ lost / ≠ changed in both. Pure.
import type { VisibilityLevel } from '../../../simulator/ledger/types.js';
import type { Comparison } from './compare-model.js';
import { matrixLayout, matrixScene, type CellLevel, type MatrixLayout } from './matrix-scene.js';
import { h, type SvgNode } from './svg-tree.js';

const GAP = 28;
const CAPTION_H = 40;

export interface CompareSceneOptions {
  readonly prefix: string;
  readonly titleA: string;
  readonly titleB: string;
  readonly levelsA: (party: string, item: string) => VisibilityLevel;
  readonly levelsB: (party: string, item: string) => VisibilityLevel;
  readonly spoilersHidden: boolean;
  readonly activeCell?: { side: 'a' | 'b'; cell: string };
}

export interface CompareLayout {
  readonly width: number;
  readonly height: number;
  readonly half: MatrixLayout;
  readonly offsetB: number;
}

export function compareLayout(comparison: Comparison, width: number): CompareLayout {
  const half = matrixLayout(comparison.shape, Math.floor((width - GAP) / 2), { maxCellW: 96 });
  return { width: half.width * 2 + GAP, height: half.height + CAPTION_H, half, offsetB: half.width + GAP };
}

function strip(svg: SvgNode): SvgNode[] {
  // The matrix scene's children without its own <title>: the compare drawing has one title.
  return (svg.children ?? []).filter((c) => c.tag !== 'title');
}

export function compareScene(
  layout: CompareLayout,
  comparison: Comparison,
  options: CompareSceneOptions,
): SvgNode {
  const hide =
    (f: (p: string, i: string) => VisibilityLevel) =>
    (p: string, i: string): CellLevel =>
      options.spoilersHidden ? 'hidden' : f(p, i);
  const side = (
    id: 'a' | 'b',
    title: string,
    levels: (p: string, i: string) => VisibilityLevel,
    x: number,
  ) => {
    const inner = matrixScene(layout.half, {
      prefix: `${options.prefix}-${id}`,
      title,
      levelOf: hide(levels),
      changed: options.spoilersHidden ? new Map() : comparison.changed,
      ...(options.activeCell?.side === id ? { activeCell: options.activeCell.cell } : {}),
    });
    return h(
      'g',
      { class: `side side-${id}`, 'data-side': id, transform: `translate(${x},${CAPTION_H})` },
      [
        h('text', { x: 8, y: -14, 'font-size': 17, 'font-weight': 750, fill: 'var(--text)' }, title),
        ...strip(inner),
      ],
      id,
    );
  };
  return h(
    'svg',
    {
      class: 'sl-compare',
      'data-export': 'compare',
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      width: layout.width,
      height: layout.height,
      'font-family': 'var(--font-sans)',
    },
    [
      h('title', {}, `${options.titleA} compared with ${options.titleB}`),
      side('a', options.titleA, options.levelsA, 0),
      h('line', {
        x1: layout.offsetB - GAP / 2,
        x2: layout.offsetB - GAP / 2,
        y1: 8,
        y2: layout.height - 8,
        stroke: 'var(--border)',
        'stroke-width': 2,
      }),
      side('b', options.titleB, options.levelsB, layout.offsetB),
    ],
  );
}
