// The four visibility levels as the UI shows them. Colour alone never carries the meaning: every level has a
// text label, a short label for dense cells, a pattern (solid / stripes / dots / empty) and a glyph, and the
// colours are from the Okabe–Ito palette, which stays distinguishable under the common colour-vision deficiencies.
// CSS variables of the same names live in styles/tokens.css (one value per theme).
import type { VisibilityLevel } from '../../../simulator/ledger/types.js';

export interface LevelStyle {
  readonly level: VisibilityLevel;
  /** Legend and tooltip wording. */
  readonly label: string;
  /** For matrix cells and badges where space is short. */
  readonly short: string;
  /** One sentence for legends and screen readers. */
  readonly description: string;
  /** CSS custom property holding the fill colour. */
  readonly colorVar: string;
  /** Id of the SVG <pattern> (components/VisibilityPatterns.vue) for D3 drawings. */
  readonly patternId: string;
  /** Pattern family, also used by CSS swatches. */
  readonly pattern: 'solid' | 'stripes' | 'dots' | 'empty';
  readonly glyph: string;
}

export const LEVEL_STYLES: Readonly<Record<VisibilityLevel, LevelStyle>> = {
  content: {
    level: 'content',
    label: 'Reads content',
    short: 'Content',
    description: 'Holds the plaintext: it can read the message itself.',
    colorVar: '--level-content',
    patternId: 'sl-level-content',
    pattern: 'solid',
    glyph: '●',
  },
  metadata: {
    level: 'metadata',
    label: 'Metadata only',
    short: 'Metadata',
    description: 'Learns who, when, where or how much, but not what was said.',
    colorVar: '--level-metadata',
    patternId: 'sl-level-metadata',
    pattern: 'stripes',
    glyph: '◐',
  },
  ciphertext: {
    level: 'ciphertext',
    label: 'Ciphertext only',
    short: 'Cipher',
    description: 'Holds encrypted bytes it cannot read.',
    colorVar: '--level-ciphertext',
    patternId: 'sl-level-ciphertext',
    pattern: 'dots',
    glyph: '○',
  },
  none: {
    level: 'none',
    label: 'Nothing',
    short: '—',
    description: 'Never handled it.',
    colorVar: '--level-none',
    patternId: 'sl-level-none',
    pattern: 'empty',
    glyph: '·',
  },
};

/** Levels from most to least revealing: the order of legends. */
export const LEVEL_ORDER: readonly VisibilityLevel[] = ['content', 'metadata', 'ciphertext', 'none'];

export function levelStyle(level: VisibilityLevel): LevelStyle {
  return LEVEL_STYLES[level];
}
