import { describe, expect, it } from 'vitest';
import { utf8 } from '../../simulator/crypto/bytes.js';
import { diffLedgers, diffMatrices } from '../../simulator/ledger/diff.js';
import { contentDigest } from '../../simulator/ledger/digest.js';
import { Ledger } from '../../simulator/ledger/ledger.js';
import { matrixCell, visibilityLevel, visibilityMatrix } from '../../simulator/ledger/matrix.js';
import { timeline } from '../../simulator/ledger/timeline.js';
import { partyView } from '../../simulator/ledger/view.js';

const m1 = utf8('first message');
const m2 = utf8('second message');

/** A small run: alice sends m1 and m2 to bob via the server; an observer taps; the attacker gets m2 only in variant B. */
function scenario(attackerDecryptsM2: boolean): Ledger {
  const l = new Ledger();
  l.registerItem({
    id: 'm1',
    kind: 'message',
    label: 'alice → bob #1',
    author: 'alice',
    contentDigest: contentDigest(m1),
  });
  l.registerItem({
    id: 'm2',
    kind: 'message',
    label: 'alice → bob #2',
    author: 'alice',
    contentDigest: contentDigest(m2),
  });
  l.observe({
    t: 0,
    party: 'alice',
    item: 'm1',
    fields: ['content', 'recipient'],
    how: { kind: 'authored' },
    evidence: m1,
  });
  l.observe({
    t: 40,
    party: 'server',
    item: 'm1',
    fields: ['sender', 'recipient', 'size', 'ip'],
    how: { kind: 'routing' },
  });
  l.observe({ t: 40, party: 'server', item: 'm1', fields: [], how: { kind: 'ciphertext' } });
  l.observe({
    t: 10,
    party: 'net',
    item: 'm1',
    fields: [],
    how: { kind: 'ciphertext', detail: 'noise frame' },
  });
  l.observe({
    t: 80,
    party: 'bob',
    item: 'm1',
    fields: ['content', 'sender'],
    how: { kind: 'decrypted', with: 'session alice.1→bob.1 message key #0' },
    evidence: m1,
  });
  l.observe({
    t: 100,
    party: 'alice',
    item: 'm2',
    fields: ['content'],
    how: { kind: 'authored' },
    evidence: m2,
  });
  l.observe({
    t: 140,
    party: 'server',
    item: 'm2',
    fields: ['sender', 'recipient'],
    how: { kind: 'routing' },
  });
  l.observe({
    t: 120,
    party: 'net',
    item: 'm2',
    fields: ['timestamp'],
    how: { kind: 'timing', detail: 'frame timing' },
  });
  if (attackerDecryptsM2) {
    l.observe({
      t: 150,
      party: 'attacker',
      item: 'm2',
      fields: ['content'],
      how: { kind: 'decrypted', with: 'session alice.1→attacker.1 message key #0' },
      evidence: m2,
    });
  } else {
    l.observe({ t: 150, party: 'attacker', item: 'm2', fields: [], how: { kind: 'ciphertext' } });
  }
  return l;
}

describe('visibilityMatrix', () => {
  it('takes the best level per cell with the fields and hows behind it', () => {
    const matrix = visibilityMatrix(scenario(false).toJSON(), {
      parties: ['alice', 'bob', 'server', 'net', 'attacker', 'backup'],
    });
    expect(matrix.parties).toEqual(['alice', 'bob', 'server', 'net', 'attacker', 'backup']);
    expect(matrix.items.map((i) => i.id)).toEqual(['m1', 'm2']);
    expect(visibilityLevel(matrix, 'alice', 'm1')).toBe('content');
    expect(visibilityLevel(matrix, 'bob', 'm1')).toBe('content');
    expect(visibilityLevel(matrix, 'bob', 'm2')).toBe('none');
    expect(visibilityLevel(matrix, 'server', 'm1')).toBe('metadata');
    expect(visibilityLevel(matrix, 'net', 'm1')).toBe('ciphertext');
    expect(visibilityLevel(matrix, 'net', 'm2')).toBe('metadata');
    expect(visibilityLevel(matrix, 'attacker', 'm2')).toBe('ciphertext');
    expect(visibilityLevel(matrix, 'backup', 'm1')).toBe('none');
    expect(matrixCell(matrix, 'server', 'm1')).toEqual({
      party: 'server',
      item: 'm1',
      level: 'metadata',
      fields: ['sender', 'recipient', 'size', 'ip'],
      hows: ['routing metadata', 'held ciphertext'],
      howKinds: ['routing', 'ciphertext'],
      heldCiphertext: true,
      firstT: 40,
      observations: 2,
    });
    expect(matrixCell(matrix, 'bob', 'm1')).toMatchObject({
      contentT: 80,
      hows: ['decrypted with session alice.1→bob.1 message key #0'],
    });
    // Cells are ordered by party row, then item column; empty cells are left out.
    expect(matrix.cells.map((c) => `${c.party}/${c.item}`)).toEqual([
      'alice/m1',
      'alice/m2',
      'bob/m1',
      'server/m1',
      'server/m2',
      'net/m1',
      'net/m2',
      'attacker/m2',
    ]);
    expect(JSON.parse(JSON.stringify(matrix))).toEqual(matrix);
  });
});

describe('partyView', () => {
  it('shows what a party knew at t, in the order it learned it', () => {
    const data = scenario(false).toJSON();
    expect(partyView(data, 'server', 39).entries).toEqual([]);
    const at40 = partyView(data, 'server', 40);
    expect(at40.entries.map((e) => [e.item.id, e.level, e.fields])).toEqual([
      ['m1', 'metadata', ['sender', 'recipient', 'size', 'ip']],
    ]);
    const later = partyView(data, 'server', 1000);
    expect(later.entries.map((e) => e.item.id)).toEqual(['m1', 'm2']);
    expect(later.entries[1]).toMatchObject({ firstT: 140, lastT: 140, fields: ['sender', 'recipient'] });
    const net = partyView(data, 'net', 1000);
    expect(net.entries.map((e) => [e.item.id, e.level])).toEqual([
      ['m1', 'ciphertext'],
      ['m2', 'metadata'],
    ]);
  });
});

describe('timeline', () => {
  it('lists observations by time then recording order, with filters', () => {
    const data = scenario(true).toJSON();
    const all = timeline(data);
    expect(all.map((e) => e.t)).toEqual([0, 10, 40, 40, 80, 100, 120, 140, 150]);
    expect(all[2]).toMatchObject({
      party: 'server',
      how: 'routing metadata',
      level: 'metadata',
      itemLabel: 'alice → bob #1',
    });
    expect(all[3]).toMatchObject({ party: 'server', how: 'held ciphertext', level: 'ciphertext' });
    expect(timeline(data, { party: 'attacker' })).toEqual([
      expect.objectContaining({ item: 'm2', level: 'content', howKind: 'decrypted' }),
    ]);
    expect(timeline(data, { from: 100, to: 140 }).map((e) => e.party)).toEqual(['alice', 'net', 'server']);
    expect(timeline(data, { item: 'm1' })).toHaveLength(5);
  });
});

describe('diff', () => {
  it('reports the cells that changed, old and new level, and the hows that appeared or disappeared', () => {
    const base = scenario(false).toJSON();
    const variant = scenario(true).toJSON();
    const diff = diffLedgers(base, variant);
    expect(diff.changes).toEqual([
      {
        party: 'attacker',
        item: 'm2',
        before: 'ciphertext',
        after: 'content',
        change: 'gained',
        fieldsAdded: ['content'],
        fieldsRemoved: [],
        howsAdded: ['decrypted with session alice.1→attacker.1 message key #0'],
        howsRemoved: ['held ciphertext'],
      },
    ]);
    expect(diff.unchanged).toBe(7);
    const back = diffLedgers(variant, base);
    expect(back.changes[0]).toMatchObject({ before: 'content', after: 'ciphertext', change: 'lost' });
  });

  it('reports same-level changes, cells that appear from nothing, and items present on one side only', () => {
    const a = new Ledger();
    const b = new Ledger();
    for (const l of [a, b]) l.registerItem({ id: 'x', kind: 'message', label: 'x' });
    b.registerItem({ id: 'y', kind: 'call', label: 'call' });
    a.observe({ t: 1, party: 'server', item: 'x', fields: ['sender'], how: { kind: 'routing' } });
    b.observe({ t: 1, party: 'server', item: 'x', fields: ['sender', 'ip'], how: { kind: 'routing' } });
    b.observe({ t: 2, party: 'peer', item: 'y', fields: ['ip'], how: { kind: 'clear', via: 'p2p media' } });
    const diff = diffMatrices(visibilityMatrix(a.toJSON()), visibilityMatrix(b.toJSON()));
    expect(diff.changes).toEqual([
      expect.objectContaining({
        party: 'server',
        item: 'x',
        before: 'metadata',
        after: 'metadata',
        change: 'changed',
        fieldsAdded: ['ip'],
      }),
      expect.objectContaining({
        party: 'peer',
        item: 'y',
        before: 'none',
        after: 'metadata',
        change: 'gained',
        howsAdded: ['received in the clear via p2p media'],
      }),
    ]);
    expect(diff.itemsOnlyInA).toEqual([]);
    expect(diff.itemsOnlyInB).toEqual(['y']);
    expect(diffMatrices(visibilityMatrix(a.toJSON()), visibilityMatrix(a.toJSON()))).toEqual({
      changes: [],
      unchanged: 1,
      itemsOnlyInA: [],
      itemsOnlyInB: [],
    });
  });
});
