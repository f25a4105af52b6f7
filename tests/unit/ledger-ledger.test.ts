import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../simulator/crypto/bytes.js';
import { contentDigest } from '../../simulator/ledger/digest.js';
import { LedgerError } from '../../simulator/ledger/errors.js';
import { Ledger } from '../../simulator/ledger/ledger.js';
import type { ObservationInput } from '../../simulator/ledger/types.js';

const plaintext = utf8('meet me at 8');

function ledgerWithMessage(): Ledger {
  const ledger = new Ledger();
  ledger.registerItem({
    id: 'm1',
    kind: 'message',
    label: 'alice → bob',
    author: 'alice',
    contentDigest: contentDigest(plaintext),
  });
  ledger.registerItem({ id: 'reg1', kind: 'registration', label: 'bob registers' });
  return ledger;
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof LedgerError ? error.code : `other: ${String(error)}`;
  }
  return undefined;
}

const base: ObservationInput = {
  t: 10,
  party: 'bob',
  item: 'm1',
  fields: ['content'],
  how: { kind: 'decrypted', with: 'session alice.1→bob.1 message key #0' },
};

describe('Ledger: content visibility must be derived', () => {
  it('accepts content with the real plaintext as evidence and keeps only its digest', () => {
    const ledger = ledgerWithMessage();
    const record = ledger.observe({ ...base, evidence: plaintext.slice() });
    expect(record.evidenceDigest).toBe(contentDigest(plaintext));
    const json = JSON.stringify(ledger.toJSON());
    expect(json.includes(toHex(plaintext))).toBe(false);
    expect(json.includes('meet me at 8')).toBe(false);
    expect(Object.keys(record)).not.toContain('evidence');
  });

  it('refuses content without evidence', () => {
    expect(code(() => ledgerWithMessage().observe(base))).toBe('content-without-evidence');
  });

  it('refuses content with evidence of other bytes (even one bit off)', () => {
    const wrong = plaintext.slice();
    wrong[0]! ^= 1;
    expect(code(() => ledgerWithMessage().observe({ ...base, evidence: wrong }))).toBe('evidence-mismatch');
    expect(code(() => ledgerWithMessage().observe({ ...base, evidence: utf8('meet me at 9') }))).toBe(
      'evidence-mismatch',
    );
  });

  it('refuses content under hows that cannot yield plaintext, even with the right bytes', () => {
    for (const how of [
      { kind: 'timing', detail: 'receipt RTT' },
      { kind: 'ciphertext' },
      { kind: 'routing' },
    ] as const) {
      expect(code(() => ledgerWithMessage().observe({ ...base, how, evidence: plaintext }))).toBe(
        'content-not-possible',
      );
    }
  });

  it('refuses content for an item registered without a digest', () => {
    expect(code(() => ledgerWithMessage().observe({ ...base, item: 'reg1', evidence: plaintext }))).toBe(
      'no-content-digest',
    );
  });

  it('refuses evidence without a content claim, so evidence is never silently ignored', () => {
    expect(
      code(() => ledgerWithMessage().observe({ ...base, fields: ['sender'], evidence: plaintext })),
    ).toBe('invalid-observation');
  });

  it('a refused observation leaves the ledger unchanged', () => {
    const ledger = ledgerWithMessage();
    code(() => ledger.observe(base));
    expect(ledger.observations()).toHaveLength(0);
  });
});

describe('Ledger: items and observations', () => {
  it('refuses unknown items, duplicate items, bad kinds and bad digests', () => {
    const ledger = ledgerWithMessage();
    expect(code(() => ledger.observe({ ...base, item: 'nope', fields: ['sender'] }))).toBe('unknown-item');
    expect(code(() => ledger.registerItem({ id: 'm1', kind: 'message', label: 'again' }))).toBe(
      'duplicate-item',
    );
    expect(code(() => ledger.registerItem({ id: 'x', kind: 'sms' as never, label: 'x' }))).toBe(
      'invalid-item',
    );
    expect(
      code(() => ledger.registerItem({ id: 'y', kind: 'message', label: 'y', contentDigest: 'ABC' })),
    ).toBe('invalid-item');
    expect(code(() => ledger.registerItem({ id: '', kind: 'message', label: 'z' }))).toBe('invalid-item');
  });

  it('refuses malformed observations', () => {
    const ledger = ledgerWithMessage();
    const meta = { ...base, fields: ['sender'] as const, how: { kind: 'routing' } as const };
    expect(code(() => ledger.observe({ ...meta, fields: ['colour' as never] }))).toBe('invalid-observation');
    expect(code(() => ledger.observe({ ...meta, t: -1 }))).toBe('invalid-observation');
    expect(code(() => ledger.observe({ ...meta, t: NaN }))).toBe('invalid-observation');
    expect(code(() => ledger.observe({ ...meta, party: '' }))).toBe('invalid-observation');
    expect(code(() => ledger.observe({ ...meta, fields: [] }))).toBe('invalid-observation');
    expect(code(() => ledger.observe({ ...meta, how: { kind: 'guessed' } as never }))).toBe(
      'invalid-observation',
    );
    expect(code(() => ledger.observe({ ...meta, how: { kind: 'decrypted', with: '' } }))).toBe(
      'invalid-observation',
    );
  });

  it('normalizes fields (canonical order, no duplicates) and allows held ciphertext with no field', () => {
    const ledger = ledgerWithMessage();
    const r = ledger.observe({
      t: 1,
      party: 'server',
      item: 'm1',
      fields: ['size', 'sender', 'size', 'recipient'],
      how: { kind: 'routing' },
    });
    expect(r.fields).toEqual(['sender', 'recipient', 'size']);
    const c = ledger.observe({
      t: 2,
      party: 'net',
      item: 'm1',
      fields: [],
      how: { kind: 'ciphertext', detail: 'noise frame' },
    });
    expect(c.fields).toEqual([]);
    expect(ledger.observations().map((o) => o.seq)).toEqual([0, 1]);
  });

  it('tells listeners about each write (the simulation journals them)', () => {
    const seen: string[] = [];
    const ledger = new Ledger({
      onItem: (i) => seen.push(`item ${i.id}`),
      onObservation: (o) => seen.push(`obs ${o.party}`),
    });
    ledger.registerItem({ id: 'k', kind: 'key', label: 'bob IK' });
    ledger.observe({ t: 0, party: 'server', item: 'k', fields: ['keys'], how: { kind: 'clear' } });
    expect(seen).toEqual(['item k', 'obs server']);
  });

  it('toJSON is a plain-JSON snapshot', () => {
    const ledger = ledgerWithMessage();
    ledger.observe({ ...base, evidence: plaintext });
    const snapshot = ledger.toJSON();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    ledger.observe({ ...base, t: 11, evidence: plaintext });
    expect(snapshot.observations).toHaveLength(1);
  });
});

describe('Ledger: how an observation came about is kept as given', () => {
  const receipt = { t: 11, party: 'alice', item: 'm1', fields: ['timestamp'] as const };

  it('shares one frozen copy between observations with equal hows, and only equal ones', () => {
    const ledger = ledgerWithMessage();
    const how = { kind: 'timing' as const, detail: 'delivered receipt from bob.1' };
    const first = ledger.observe({ ...receipt, how });
    const second = ledger.observe({ ...receipt, how: { ...how } });
    const other = ledger.observe({ ...receipt, how: { kind: 'timing', detail: 'read receipt from bob.1' } });
    expect(second.how).toBe(first.how);
    expect(Object.isFrozen(first.how)).toBe(true);
    expect(other.how).not.toBe(first.how);
    expect(other.how).toEqual({ kind: 'timing', detail: 'read receipt from bob.1' });
  });

  it('is not changed by later changes to the caller’s object', () => {
    const ledger = ledgerWithMessage();
    const how: { kind: 'timing'; detail: string } = {
      kind: 'timing',
      detail: 'delivered receipt from bob.1',
    };
    const record = ledger.observe({ ...receipt, how });
    how.detail = 'changed';
    expect(record.how).toEqual({ kind: 'timing', detail: 'delivered receipt from bob.1' });
  });

  it('keeps members that are not strings apart (never shared) and leaves undefined ones out', () => {
    const ledger = ledgerWithMessage();
    const odd = { kind: 'ciphertext', detail: 'held', extra: { n: 1 } } as unknown as ObservationInput['how'];
    const a = ledger.observe({ ...receipt, fields: [], how: odd });
    const b = ledger.observe({ ...receipt, fields: [], how: odd });
    expect(a.how).not.toBe(b.how);
    const c = ledger.observe({ ...receipt, fields: [], how: { kind: 'ciphertext', detail: undefined } });
    expect(Object.keys(c.how)).toEqual(['kind']);
  });
});

describe('Ledger: observations stored as columns read back as the records written', () => {
  it('gives back each record member for member, in order, with the evidence digest only for content', () => {
    const ledger = ledgerWithMessage();
    const written = [
      ledger.observe({ ...base, evidence: plaintext }),
      ledger.observe({
        t: 12,
        party: 'server',
        item: 'm1',
        fields: ['size', 'sender'],
        how: { kind: 'routing' },
      }),
      ledger.observe({
        t: 13,
        party: 'server',
        item: 'reg1',
        fields: ['keys'],
        how: { kind: 'clear', via: 'sms' },
      }),
    ];
    const read = ledger.observations();
    expect(read).toEqual(written);
    expect(read.map((o) => Object.keys(o))).toEqual([
      ['seq', 't', 'party', 'item', 'fields', 'how', 'evidenceDigest'],
      ['seq', 't', 'party', 'item', 'fields', 'how'],
      ['seq', 't', 'party', 'item', 'fields', 'how'],
    ]);
    expect(JSON.stringify(ledger.toJSON().observations)).toBe(JSON.stringify(written));
  });

  it('keeps growing after a read (the records already built stay the same objects)', () => {
    const ledger = ledgerWithMessage();
    for (let i = 0; i < 3000; i++)
      ledger.observe({
        t: i,
        party: `p${i % 7}`,
        item: 'm1',
        fields: ['timestamp'],
        how: { kind: 'routing' },
      });
    const first = ledger.observations();
    const kept = first[2999];
    ledger.observe({ ...base, t: 5000, evidence: plaintext });
    const second = ledger.observations();
    expect(second).toHaveLength(3001);
    expect(ledger.observationCount).toBe(3001);
    expect(second[2999]).toBe(kept);
    expect(second[2999]).toEqual({
      seq: 2999,
      t: 2999,
      party: 'p3',
      item: 'm1',
      fields: ['timestamp'],
      how: { kind: 'routing' },
    });
    expect(second[3000]!.evidenceDigest).toBe(contentDigest(plaintext));
  });
});
