// The drawn views and the shell agree on one interface (views/view-props.ts): every run view takes the same
// props and emits only select-party/seek; the compare view takes a, b and comparison; every drawing marks its
// root <svg> for the shell's export menu; every view offers a table alternative. Read from the sources, so a
// renamed prop or a missing table is caught without a browser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_ATTRIBUTE } from '../../renderer/src/views/view-props.js';

const views = join(import.meta.dirname, '..', '..', 'renderer', 'src', 'views');
const read = (name: string) => readFileSync(join(views, name), 'utf8');

function propsOf(source: string): string[] {
  const m = /defineProps<\{([^}]*)\}>/.exec(source);
  return m ? [...m[1]!.matchAll(/(\w+)\??:/g)].map((x) => x[1]!).sort() : [];
}

/** Optional props a view takes beyond the slot's, and who passes them (the registry never does). */
const EXTRA_PROPS: Record<string, string[]> = {
  'PartyView.vue': ['fixedParty'], // the workshop participant page: one party, no picker
};

it('the shared view scaffold carries the Drawing/Table toggle and the second head row (sub slot)', () => {
  const scaffold = readFileSync(join(views, '..', 'components', 'viz', 'ViewScaffold.vue'), 'utf8');
  expect(scaffold).toMatch(/<ViewModeToggle/);
  expect(scaffold).toMatch(/<slot name="sub"/);
  // The matrix's legend row goes through the scaffold, not a copy of its head styles.
  expect(read('MatrixView.vue')).toMatch(/<template #sub>/);
  expect(read('MatrixView.vue')).not.toMatch(/\.sub-head|\.as-of/);
});

describe.each(['NetworkView.vue', 'MatrixView.vue', 'PartyView.vue', 'TimelineView.vue'])('%s', (file) => {
  const source = read(file);
  it('takes exactly the run-view props and emits only select-party and seek', () => {
    const extra = EXTRA_PROPS[file] ?? [];
    expect(propsOf(source).filter((p) => !extra.includes(p))).toEqual([
      'party',
      'run',
      'spoilersHidden',
      't',
      'theme',
    ]);
    for (const p of extra) expect(source).toMatch(new RegExp(`\\b${p}\\?:`));
    const emits = (/defineEmits<\{([^}]*)\}>/.exec(source)?.[1] ?? '').replace(/\[[^\]]*\]/g, '');
    expect([...emits.matchAll(/'([\w-]+)'|(\w+):/g)].map((m) => m[1] ?? m[2]).sort()).toEqual([
      'seek',
      'select-party',
    ]);
  });
  it('offers a table alternative and draws with the pure modules', () => {
    // Directly, or through the shared scaffold that carries the Drawing/Table toggle.
    expect(source).toMatch(/ViewModeToggle|ViewScaffold/);
    expect(source).toMatch(/from '\.\.\/d3\/render\.js'/);
    expect(source).not.toMatch(/Math\.random|forceSimulation/);
  });
});

describe('CompareView.vue', () => {
  it('takes the compare props', () => {
    expect(propsOf(read('CompareView.vue'))).toEqual(['a', 'b', 'comparison', 'spoilersHidden', 'theme']);
  });
});

describe('exportable drawings', () => {
  it('mark their root <svg> with the attribute the export menu looks for', async () => {
    expect(EXPORT_ATTRIBUTE).toBe('data-export');
    const scenes = [
      'network-scene.ts',
      'matrix-scene.ts',
      'timeline-scene.ts',
      'party-scene.ts',
      'compare-scene.ts',
    ];
    for (const file of scenes) {
      const text = readFileSync(join(views, '..', 'd3', file), 'utf8');
      expect(text, file).toMatch(/'data-export': '\w+'/);
    }
  });
});
