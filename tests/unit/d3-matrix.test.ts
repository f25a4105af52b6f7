// The visibility-matrix drawing: layout that adapts words/letters/headers to the width, every cell carrying its
// level three ways (pattern, caption, accessible name), hidden answers while presenting, and a snapshot.
import { describe, expect, it } from 'vitest';
import { moveInGrid } from '../../renderer/src/d3/grid-nav.js';
import { shortItemName } from '../../renderer/src/d3/items.js';
import {
  cellCaption,
  cellName,
  matrixLayout,
  matrixScene,
  type CellLevel,
} from '../../renderer/src/d3/matrix-scene.js';
import { buildRunIndex, LEVEL_BY_CODE, levelCodesAt } from '../../renderer/src/d3/run-index.js';
import { findAll, serializeSvg } from '../../renderer/src/d3/svg-tree.js';
import { fixtureRun } from '../fixtures/runs/load.js';

const tour = buildRunIndex(fixtureRun('workshop-tour.base'));

function levelsAt(t: number): (party: string, item: string) => CellLevel {
  const codes = levelCodesAt(tour, t);
  return (p, i) => LEVEL_BY_CODE[codes[tour.partyRow.get(p)! * tour.items.length + tour.itemCol.get(i)!]!]!;
}

describe('matrix layout', () => {
  it('uses words in wide cells, letters in narrow ones, and rotates headers that do not fit', () => {
    const wide = matrixLayout(tour, 1600);
    const narrow = matrixLayout(tour, 600);
    expect(wide.cellText).toBe('word');
    expect(narrow.cellText).toBe('mark');
    expect(narrow.rotateHeaders).toBe(true);
    expect(wide.cols.map((c) => c.item)).toEqual(tour.items.map((i) => i.id));
  });

  it('groups rows by trust boundary, as the network does', () => {
    const rows = matrixLayout(tour, 1200).rows.map((r) => r.party);
    expect(rows.indexOf('alice')).toBeLessThan(rows.indexOf('server'));
    expect(rows.indexOf('server')).toBeLessThan(rows.indexOf('mallory'));
    expect(rows.slice(0, 2)).toEqual(['alice', 'bob']);
  });

  it('grows wider than asked rather than squeezing cells below the minimum', () => {
    const l = matrixLayout(tour, 300, { minCellW: 20 });
    expect(l.cellW).toBe(20);
    expect(l.width).toBeGreaterThan(300);
  });

  it('names long engine items from their labels', () => {
    const byId = new Map(tour.items.map((i) => [i.id, i]));
    expect(shortItemName(byId.get('code:+1 555 0101:1')!)).toBe('code bob');
    expect(shortItemName(byId.get('devices:+1 555 0100')!, 14)).toBe('devices alice');
    expect(shortItemName(byId.get('devices:+1 555 0100')!, 10)).toBe('devices a…');
    expect(shortItemName(byId.get('m3')!)).toBe('m3');
    expect(shortItemName({ id: 'something:very:long:indeed', kind: 'other', label: '?' }, 10)).toBe(
      'something…',
    );
  });
});

describe('matrix drawing', () => {
  it('gives every cell a gridcell role, a roving tab stop and an accessible name', () => {
    const layout = matrixLayout(tour, 1200);
    const scene = matrixScene(layout, {
      prefix: 'mx',
      title: 'Matrix',
      levelOf: levelsAt(tour.endT),
      activeCell: '0:2',
    });
    const cells = findAll(scene, (n) => n.attrs.role === 'gridcell');
    expect(cells).toHaveLength(layout.rows.length * layout.cols.length);
    expect(cells.filter((c) => c.attrs.tabindex === 0)).toHaveLength(1);
    const row = layout.rows.findIndex((r) => r.party === 'mallory');
    const col = layout.cols.findIndex((c) => c.item === 'm3');
    const m3 = cells.find((c) => c.attrs.id === `mx-c${row}-${col}`)!;
    expect(m3.attrs['aria-label']).toBe('mallory, m3: Reads content');
    expect(String(m3.attrs.class)).toContain('level-content');
    expect(findAll(scene, (n) => n.attrs.role === 'row')).toHaveLength(layout.rows.length);
  });

  it('shows the matrix as it was at t: nothing for mallory before the swap', () => {
    const layout = matrixLayout(tour, 1200);
    const takeover = tour.steps.find((s) => s.id === 'takeover')!;
    const before = matrixScene(layout, { prefix: 'mx', title: 'M', levelOf: levelsAt(takeover.t - 1) });
    const labels = findAll(before, (n) => n.attrs.role === 'gridcell').map((n) =>
      String(n.attrs['aria-label']),
    );
    expect(labels.filter((l) => l.startsWith('mallory,') && !l.endsWith('Nothing'))).toEqual([]);
  });

  it('hides every answer while presenting', () => {
    const scene = matrixScene(matrixLayout(tour, 1200), {
      prefix: 'mx',
      title: 'M',
      levelOf: () => 'hidden',
    });
    const labels = findAll(scene, (n) => n.attrs.role === 'gridcell').map((n) =>
      String(n.attrs['aria-label']),
    );
    expect(labels.every((l) => l.endsWith('hidden while presenting'))).toBe(true);
    expect(serializeSvg(scene)).not.toMatch(
      />Content<|>Metadata<|class="cell level-(content|metadata|ciphertext)/,
    );
  });

  it('writes captions and names for each level', () => {
    expect(cellCaption('content', 'word')).toBe('Content');
    expect(cellCaption('ciphertext', 'mark')).toBe('E');
    expect(cellCaption('none', 'word')).toBe('');
    expect(cellCaption('metadata', 'none')).toBe('');
    expect(cellName('isp', 'm1', 'metadata')).toBe('isp, m1: Metadata only');
  });

  it('matches the snapshot of the drawing at the end of the run', async () => {
    const svg = serializeSvg(
      matrixScene(matrixLayout(tour, 1200), {
        prefix: 'mx',
        title: 'Workshop tour matrix',
        levelOf: levelsAt(tour.endT),
        selectedParty: 'mallory',
      }),
    );
    await expect(svg).toMatchFileSnapshot('__snapshots__/d3-matrix.workshop-tour.svg');
  });
});

describe('grid keyboard', () => {
  const size = { rows: 4, cols: 5 };
  it('moves with arrows and stops at the edges', () => {
    expect(moveInGrid({ row: 0, col: 0 }, 'ArrowRight', size)).toEqual({ row: 0, col: 1 });
    expect(moveInGrid({ row: 0, col: 0 }, 'ArrowUp', size)).toEqual({ row: 0, col: 0 });
    expect(moveInGrid({ row: 3, col: 4 }, 'ArrowDown', size)).toEqual({ row: 3, col: 4 });
    expect(moveInGrid({ row: 1, col: 1 }, 'ArrowLeft', size)).toEqual({ row: 1, col: 0 });
  });
  it('jumps with Home, End, Ctrl and Page keys, and ignores others', () => {
    expect(moveInGrid({ row: 2, col: 2 }, 'Home', size)).toEqual({ row: 2, col: 0 });
    expect(moveInGrid({ row: 2, col: 2 }, 'End', size)).toEqual({ row: 2, col: 4 });
    expect(moveInGrid({ row: 2, col: 2 }, 'End', size, true)).toEqual({ row: 3, col: 4 });
    expect(moveInGrid({ row: 2, col: 2 }, 'Home', size, true)).toEqual({ row: 0, col: 0 });
    expect(moveInGrid({ row: 0, col: 2 }, 'PageDown', size)).toEqual({ row: 3, col: 2 });
    expect(moveInGrid({ row: 0, col: 0 }, 'Enter', size)).toBeNull();
  });
});
