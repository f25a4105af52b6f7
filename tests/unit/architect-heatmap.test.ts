// The Architect heatmap's data and keyboard model (renderer/src/d3/heatmap-scene.ts, grid-nav.ts): rows are the
// attacks that ran (skipped ones are not drawn), every cell is a gridcell with its mark and an accessible name,
// exactly one cell holds the tab stop, changed cells are marked, and an export drawing is not interactive.
import { describe, expect, it } from 'vitest';
import { moveInGrid } from '../../renderer/src/d3/grid-nav.js';
import {
  cellId,
  EXPORT_PALETTE,
  heatmapLayout,
  heatmapScene,
  PAGE_PALETTE,
} from '../../renderer/src/d3/heatmap-scene.js';
import { findAll, findById } from '../../renderer/src/d3/svg-tree.js';
import { CARD } from './fixtures/architect-card.js';

describe('Architect heatmap', () => {
  const layout = heatmapLayout(CARD, 900);

  it('draws the attacks that ran × every party', () => {
    expect(layout.rows.map((r) => r.attack)).toEqual(['plain-backup', 'sim-swap']);
    expect(layout.cols.map((c) => c.party)).toEqual(['chat-server', 'backup-provider', 'attacker']);
    const tree = heatmapScene(CARD, layout, {
      prefix: 'd',
      title: 'T',
      palette: PAGE_PALETTE,
      activeCell: '0:2',
      changed: new Set(['plain-backup|attacker']),
    });
    const cells = findAll(tree, (n) => n.attrs['role'] === 'gridcell');
    expect(cells).toHaveLength(6);
    const attacker = findById(tree, cellId('d', 0, 2))!;
    expect(attacker.attrs['aria-label']).toBe(
      'A plain cloud backup, Attacker: Attacker ends with plaintext content (differs)',
    );
    expect(attacker.attrs['class']).toContain('changed');
    expect(attacker.attrs['class']).toContain('rank-3');
    expect(findAll(attacker, (n) => n.text === 'PHKM')).toHaveLength(1);
    expect(cells.filter((c) => c.attrs['tabindex'] === 0)).toEqual([attacker]);
  });

  it('an export drawing uses concrete colours and has no tab stops', () => {
    const tree = heatmapScene(CARD, layout, {
      prefix: 'e',
      title: 'T',
      palette: EXPORT_PALETTE,
      activeCell: null,
    });
    const cells = findAll(tree, (n) => n.attrs['role'] === 'gridcell');
    expect(cells.every((c) => c.attrs['tabindex'] === null && c.attrs['id'] === null)).toBe(true);
    const fills = findAll(tree, (n) => n.attrs['class'] === 'cell-bg').map((n) => String(n.attrs['fill']));
    expect(fills.some((f) => f.startsWith('var('))).toBe(false);
  });

  it('arrow keys, Home/End and Ctrl+Home/End move within the grid and stop at its edges', () => {
    const size = { rows: 2, cols: 3 };
    expect(moveInGrid({ row: 0, col: 0 }, 'ArrowRight', size)).toEqual({ row: 0, col: 1 });
    expect(moveInGrid({ row: 0, col: 2 }, 'ArrowRight', size)).toEqual({ row: 0, col: 2 });
    expect(moveInGrid({ row: 1, col: 1 }, 'ArrowDown', size)).toEqual({ row: 1, col: 1 });
    expect(moveInGrid({ row: 1, col: 1 }, 'Home', size)).toEqual({ row: 1, col: 0 });
    expect(moveInGrid({ row: 0, col: 0 }, 'End', size, true)).toEqual({ row: 1, col: 2 });
    expect(moveInGrid({ row: 0, col: 0 }, 'x', size)).toBeNull();
  });
});
