// How a visibility level looks inside a drawing. Colour is never the only cue (model/visibility.ts): fills
// have a pattern per level (solid / stripes / dots / empty), link strokes a dash per level, packets a shape per
// level (content ●, metadata ◆, ciphertext ■, nothing ○). Each drawing carries its own <defs> under a prefix so
// an exported SVG is self-contained and two drawings on one page never share ids. Pure.
import type { VisibilityLevel } from '../../../simulator/ledger/types.js';
import { h, type SvgNode } from './svg-tree.js';

export const LEVEL_COLOR: Readonly<Record<VisibilityLevel, string>> = {
  content: 'var(--level-content)',
  metadata: 'var(--level-metadata)',
  ciphertext: 'var(--level-ciphertext)',
  none: 'var(--level-none)',
};

export const LEVEL_SOFT: Readonly<Record<VisibilityLevel, string>> = {
  content: 'var(--level-content-soft)',
  metadata: 'var(--level-metadata-soft)',
  ciphertext: 'var(--level-ciphertext-soft)',
  none: 'var(--level-none-soft)',
};

/** Stroke dash per level, for links and outlines. */
export const LEVEL_DASH: Readonly<Record<VisibilityLevel, string | null>> = {
  content: null,
  metadata: '12 6',
  ciphertext: '3 5',
  none: '1 6',
};

/** One-letter mark per level, for cells too small for words. */
export const LEVEL_MARK: Readonly<Record<VisibilityLevel, string>> = {
  content: 'C',
  metadata: 'M',
  ciphertext: 'E',
  none: '',
};

export const LEVELS: readonly VisibilityLevel[] = ['content', 'metadata', 'ciphertext', 'none'];

/** `url(#<prefix>-<level>)`: the pattern fill of a level. */
export function levelFill(prefix: string, level: VisibilityLevel): string {
  return `url(#${prefix}-${level})`;
}

/** The patterns and arrowheads of the four levels, ids `<prefix>-<level>` and `<prefix>-arrow-<level>`. */
export function levelDefs(prefix: string): SvgNode {
  const tile = 10;
  return h('defs', {}, [
    h('pattern', { id: `${prefix}-content`, width: tile, height: tile, patternUnits: 'userSpaceOnUse' }, [
      h('rect', { width: tile, height: tile, fill: LEVEL_COLOR.content }),
    ]),
    h(
      'pattern',
      {
        id: `${prefix}-metadata`,
        width: tile,
        height: tile,
        patternUnits: 'userSpaceOnUse',
        patternTransform: 'rotate(45)',
      },
      [
        h('rect', { width: tile, height: tile, fill: LEVEL_SOFT.metadata }),
        h('rect', { width: tile / 2, height: tile, fill: LEVEL_COLOR.metadata }),
      ],
    ),
    h('pattern', { id: `${prefix}-ciphertext`, width: tile, height: tile, patternUnits: 'userSpaceOnUse' }, [
      h('rect', { width: tile, height: tile, fill: LEVEL_SOFT.ciphertext }),
      h('circle', { cx: tile / 2, cy: tile / 2, r: 2.4, fill: LEVEL_COLOR.ciphertext }),
    ]),
    h('pattern', { id: `${prefix}-none`, width: tile, height: tile, patternUnits: 'userSpaceOnUse' }, [
      h('rect', { width: tile, height: tile, fill: LEVEL_SOFT.none }),
    ]),
    ...LEVELS.map((level) =>
      h(
        'marker',
        {
          id: `${prefix}-arrow-${level}`,
          viewBox: '0 0 10 10',
          refX: 8,
          refY: 5,
          markerWidth: 5,
          markerHeight: 5,
          orient: 'auto-start-reverse',
          markerUnits: 'strokeWidth',
        },
        [h('path', { d: 'M0,0 L10,5 L0,10 z', fill: LEVEL_COLOR[level] })],
      ),
    ),
  ]);
}

/** Path data of a packet of this level centred on (0, 0): ● content, ◆ metadata, ■ ciphertext, ○ nothing. */
export function packetPath(level: VisibilityLevel | null, r: number): string {
  const f = (n: number) => String(Math.round(n * 10) / 10);
  switch (level) {
    case 'content':
      return `M${f(-r)},0 a${f(r)},${f(r)} 0 1,0 ${f(2 * r)},0 a${f(r)},${f(r)} 0 1,0 ${f(-2 * r)},0 z`;
    case 'metadata': {
      const d = r * 1.25;
      return `M0,${f(-d)} L${f(d)},0 L0,${f(d)} L${f(-d)},0 z`;
    }
    case 'ciphertext': {
      const s = r * 0.9;
      return `M${f(-s)},${f(-s)} H${f(s)} V${f(s)} H${f(-s)} z`;
    }
    default: {
      const q = r * 0.6;
      return `M${f(-q)},0 a${f(q)},${f(q)} 0 1,0 ${f(2 * q)},0 a${f(q)},${f(q)} 0 1,0 ${f(-2 * q)},0 z`;
    }
  }
}
