// Compare: two variants of the same scenario — the changed cells, each explained, drawn side by side.
import { describe, expect, it } from 'vitest';
import { compareRuns, explainChange, matrixLevels } from '../../renderer/src/d3/compare-model.js';
import { compareLayout, compareScene } from '../../renderer/src/d3/compare-scene.js';
import { findAll, serializeSvg } from '../../renderer/src/d3/svg-tree.js';
import { diffMatrices } from '../../simulator/ledger/diff.js';
import { fixtureRun } from '../fixtures/runs/load.js';

const a = fixtureRun('workshop-tour.base');
const b = fixtureRun('workshop-tour.with-2sv');

describe('compare model', () => {
  const model = compareRuns(a, b, null);

  it('finds that two-step verification takes the new messages away from mallory, but not the backup', () => {
    const lost = model.changes
      .filter((c) => c.party === 'mallory' && c.after === 'none' && c.before === 'content')
      .map((c) => c.item);
    expect(lost).toEqual(expect.arrayContaining(['m3', 'm4']));
    // The plain backup still hands her m1 and m2: 2SV protects the account, not the cloud copy.
    expect(model.changed.has('mallory|m1')).toBe(false);
    expect(model.changed.get('mallory|m3')).toBe('lost');
    expect(model.lost).toBeGreaterThan(0);
    // Content changes come first.
    expect(model.changes[0]!.before === 'content' || model.changes[0]!.after === 'content').toBe(true);
  });

  it('explains each change from the hows and fields that went away', () => {
    const m3 = model.changes.find((c) => c.party === 'mallory' && c.item === 'm3')!;
    expect(m3.where).toBe('mallory · m3');
    expect(m3.levels).toBe('Reads content → Nothing');
    expect(m3.because).toMatch(/^no longer decrypted with session/);
    const same = explainChange({
      party: 'p',
      item: 'i',
      before: 'metadata',
      after: 'metadata',
      change: 'changed',
      fieldsAdded: ['ip'],
      fieldsRemoved: [],
      howsAdded: [],
      howsRemoved: [],
    });
    expect(same.levels).toBe('Metadata only (different route)');
    expect(same.because).toBe('learns ip');
  });

  it('uses the service diff when it is well formed, and otherwise computes the same diff', () => {
    const service = diffMatrices(a.matrix, b.matrix);
    expect(compareRuns(a, b, service).changes.length).toBe(model.changes.length);
    expect(compareRuns(a, b, { nonsense: true }).changes.length).toBe(service.changes.length);
  });

  it('aligns rows and columns on the union of both runs', () => {
    for (const p of [...a.parties, ...b.parties]) expect(model.shape.parties).toContain(p);
    for (const i of [...a.matrix.items, ...b.matrix.items])
      expect(model.shape.items.map((x) => x.id)).toContain(i.id);
  });
});

describe('compare drawing', () => {
  const model = compareRuns(a, b, null);
  const layout = compareLayout(model, 1400);
  const options = {
    prefix: 'cmp',
    titleA: 'A · As written',
    titleB: 'B · With 2SV',
    levelsA: matrixLevels(a.matrix),
    levelsB: matrixLevels(b.matrix),
    spoilersHidden: false,
  };

  it('marks the changed cells on both sides', () => {
    const scene = compareScene(layout, model, options);
    const marked = findAll(scene, (n) => String(n.attrs.class ?? '').includes('changed-'));
    expect(marked).toHaveLength(model.changes.length * 2);
    expect(findAll(scene, (n) => n.attrs['data-side'] !== undefined)).toHaveLength(2);
  });

  it('marks nothing and shows no levels while presenting', () => {
    const svg = serializeSvg(compareScene(layout, model, { ...options, spoilersHidden: true }));
    expect(svg).not.toMatch(/changed-|class="cell level-(content|metadata|ciphertext)/);
    expect(svg).toMatch(/class="cell level-hidden/);
  });

  it('matches the snapshot', async () => {
    await expect(serializeSvg(compareScene(layout, model, options))).toMatchFileSnapshot(
      '__snapshots__/d3-compare.workshop-tour.svg',
    );
  });
});
