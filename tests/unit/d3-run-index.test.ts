// The per-time indexes must give exactly the ledger's own answers (simulator/ledger: partyView, the matrix), from
// saved real runs, at every moment something changes — and the joins of frames to observations must put each
// message on the right hop.
import { describe, expect, it } from 'vitest';
import { partyView } from '../../simulator/ledger/view.js';
import { visibilityMatrix } from '../../simulator/ledger/matrix.js';
import {
  buildRunIndex,
  cellAt,
  LEVEL_BY_CODE,
  LevelCursor,
  levelCodesAt,
  partyEntriesAt,
  stepIndexAt,
  withJournalNotes,
} from '../../renderer/src/d3/run-index.js';
import { endpointMap, partyOfEndpoint } from '../../renderer/src/d3/endpoints.js';
import { fixtureRun } from '../fixtures/runs/load.js';

const FIXTURES = [
  'workshop-tour.base',
  'workshop-tour.with-2sv',
  'sim-swap-basic.base',
  'business-cloud-api.base',
  'backup-sim-swap-restore.base',
];

describe.each(FIXTURES)('run index of %s', (name) => {
  const run = fixtureRun(name);
  const index = buildRunIndex(run);
  const moments = [...new Set([0, ...index.observationTimes, index.endT])];

  it('gives the ledger partyView for every party at every moment', () => {
    for (const party of index.parties) {
      for (const t of moments.filter((_, i) => i % 3 === 0)) {
        const expected = partyView(run.ledger, party, t).entries;
        const actual = partyEntriesAt(index, party, t);
        expect(actual.map((e) => [e.item.id, e.level, e.fields, e.hows, e.firstT])).toEqual(
          expected.map((e) => [e.item.id, e.level, e.fields, e.hows, e.firstT]),
        );
      }
    }
  });

  it('gives the matrix the engine stored at the end, and the ledger matrix at each moment', () => {
    const codes = levelCodesAt(index, index.endT);
    for (const cell of run.matrix.cells) {
      const code =
        codes[index.partyRow.get(cell.party)! * index.items.length + index.itemCol.get(cell.item)!]!;
      expect(LEVEL_BY_CODE[code], `${cell.party} ${cell.item}`).toBe(cell.level);
    }
    const nonEmpty = [...codes].filter((c) => c > 0).length;
    expect(nonEmpty).toBe(run.matrix.cells.filter((c) => c.level !== 'none').length);
    for (const t of moments.filter((_, i) => i % 5 === 0)) {
      const m = visibilityMatrix({
        items: run.ledger.items,
        observations: run.ledger.observations.filter((o) => o.t <= t),
      });
      const at = levelCodesAt(index, t);
      for (const cell of m.cells) {
        expect(
          LEVEL_BY_CODE[
            at[index.partyRow.get(cell.party)! * index.items.length + index.itemCol.get(cell.item)!]!
          ],
        ).toBe(cell.level);
      }
      const c = m.cells[0];
      if (c) expect(cellAt(index, c.party, c.item, t)?.hows).toEqual(c.hows);
    }
  });

  it('moves a LevelCursor forward and back to the same codes as a fresh computation', () => {
    const cursor = new LevelCursor(index);
    const path = [index.endT, 0, ...moments.slice(0, 40), index.endT / 3, index.endT / 2, 1, index.endT];
    let before: Uint8Array = new Uint8Array(cursor.codes.length);
    for (const t of path) {
      const changed = cursor.seek(t);
      const fresh = levelCodesAt(index, t);
      expect([...cursor.codes]).toEqual([...fresh]);
      const diff = [...fresh.keys()].filter((i) => fresh[i] !== before[i]);
      expect([...changed].sort((a, b) => a - b)).toEqual(expect.arrayContaining(diff));
      before = fresh;
    }
  });

  it('keeps hops in send order with arrival after sending', () => {
    for (let i = 1; i < index.hops.length; i++)
      expect(index.hops[i]!.t0).toBeGreaterThanOrEqual(index.hops[i - 1]!.t0);
    for (const hop of index.hops) if (hop.t1 !== null) expect(hop.t1).toBeGreaterThanOrEqual(hop.t0);
    expect(index.longestHop).toBeGreaterThan(0);
  });
});

describe('frames joined to what the receiver recorded', () => {
  it('puts each message on the hop that brought it, with the level the receiver got', () => {
    const index = buildRunIndex(fixtureRun('workshop-tour.base'));
    const toMallory = index.hops.filter(
      (h) => h.dst === 'mallory' && h.kind === 'frame' && h.items.includes('m3'),
    );
    expect(toMallory).toHaveLength(1);
    expect(toMallory[0]).toMatchObject({
      src: 'server',
      level: 'content',
      fate: 'delivered',
      label: 'noise.data',
    });
    expect(toMallory[0]!.how).toMatch(/^decrypted with session/);
    expect(toMallory[0]!.tappedBy).toEqual(['isp']);
    const toServer = index.hops.find((h) => h.dst === 'server' && h.items.includes('m1'));
    expect(toServer?.level).toBe('metadata');
  });

  it('infers out-of-band hops for content that no frame brought (the SMS code), and says so', () => {
    const index = buildRunIndex(fixtureRun('workshop-tour.base'));
    const oob = index.hops.filter((h) => h.kind === 'out-of-band').map((h) => `${h.src}>${h.dst}:${h.label}`);
    expect(oob).toContain('registration>carrier:SMS');
    expect(oob).toContain('carrier>mallory:SMS');
    // The plain backup reached mallory in a frame, not out of band.
    const restore = index.hops.find((h) => h.dst === 'mallory' && h.items.includes('backup:bob:1'));
    expect(restore?.kind).toBe('frame');
  });

  it('maps endpoints to parties by the engine naming rules and business wiring', () => {
    const parties = new Set(['alice', 'bob', 'bob-2', 'mallory', 'meta-cloud', 'acme']);
    expect(partyOfEndpoint('alice-phone', parties)).toBe('alice');
    expect(partyOfEndpoint('bob-2-phone', parties)).toBe('bob-2');
    expect(partyOfEndpoint('cloud:mallory', parties)).toBe('mallory');
    expect(partyOfEndpoint('stranger', parties)).toBeNull();
    const run = fixtureRun('business-cloud-api.base');
    expect(endpointMap(run.journal, run.parties).party.get('acme-client')).toBe('meta-cloud');
  });

  it('takes step narration from the journal, including steps named by id', () => {
    const run = fixtureRun('workshop-tour.base');
    const steps = withJournalNotes(run.steps, run.journal);
    const takeover = steps.find((s) => s.action === 'register');
    expect(takeover?.id).toBe('takeover');
    expect(takeover?.note).toMatch(/SMS code goes to Mallory/);
    expect(steps.every((s) => s.note !== null)).toBe(true);
    const index = buildRunIndex(run);
    expect(stepIndexAt(index, 0)).toBe(-1);
    expect(stepIndexAt(index, takeover!.t)).toBe(steps.indexOf(takeover!));
  });

  it('files parties the scenario does not list under the kind their id names', () => {
    const index = buildRunIndex(fixtureRun('business-cloud-api.base'));
    expect(index.kinds.get('registration')).toBe('registration');
  });
});

describe('out-of-band sources named by the how', () => {
  it('takes the source from the how when it names a party (a breach, a backup), else the last holder', async () => {
    const { namedSource } = await import('../../renderer/src/d3/hops.js');
    const parties = new Set(['mallory', 'meta-cloud', 'gdrive', 'bob', 'acme', 'acme-crm']);
    const obs = (party: string, how: import('../../simulator/ledger/types.js').How) => ({
      seq: 0,
      t: 0,
      party,
      item: 'q1',
      fields: ['content' as const],
      how,
    });
    expect(
      namedSource(obs('mallory', { kind: 'exfiltrated', by: 'breach of meta-cloud' }), parties, undefined),
    ).toBe('meta-cloud');
    expect(
      namedSource(
        obs('mallory', { kind: 'backup', source: 'gdrive backup of bob (plain)' }),
        parties,
        new Set(['bob', 'gdrive']),
      ),
    ).toBe('gdrive');
    expect(
      namedSource(
        obs('acme-crm', { kind: 'clear', via: "written in acme-crm by acme's agent" }),
        parties,
        undefined,
      ),
    ).toBe('acme');
    expect(namedSource(obs('mallory', { kind: 'clear', via: 'SMS' }), parties, undefined)).toBeNull();
  });
});
