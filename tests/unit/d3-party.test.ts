// Through their eyes: what a party holds at t, sorted for the room — readable messages with their text,
// ciphertext shown as honest stand-in bytes, metadata of what it cannot read, notices — and the history drawing.
import { describe, expect, it } from 'vitest';
import { cipherPreview, standInHex } from '../../renderer/src/d3/cipher-display.js';
import { learnedDuringStep } from '../../renderer/src/d3/narration.js';
import { knowledgeLayout, knowledgeScene } from '../../renderer/src/d3/party-scene.js';
import { partyEyes, partyKnownAt } from '../../renderer/src/d3/party-eyes.js';
import { buildRunIndex } from '../../renderer/src/d3/run-index.js';
import { serializeSvg } from '../../renderer/src/d3/svg-tree.js';
import { activityWindow } from '../../renderer/src/d3/timeline-scene.js';
import { fixtureRun } from '../fixtures/runs/load.js';

const tour = buildRunIndex(fixtureRun('workshop-tour.base'));
const takeover = tour.steps.find((s) => s.id === 'takeover')!;

describe('party eyes', () => {
  it('shows mallory the messages she can read, with their text, after the takeover and the restore', () => {
    const eyes = partyEyes(tour, 'mallory', tour.endT);
    expect(
      eyes.readable
        .filter((c) => c.message)
        .map((c) => c.item)
        .sort(),
    ).toEqual(['m1', 'm2', 'm3', 'm4']);
    const m3 = eyes.readable.find((c) => c.item === 'm3')!;
    expect(m3.text).toBe('meet at the station at 8');
    expect(m3.hows[0]).toMatch(/^decrypted with session/);
    expect(m3.fields).toContain('sender');
    expect(eyes.readable.find((c) => c.item === 'm1')?.hows).toEqual([
      'read from gdrive backup of bob (plain)',
    ]);
    expect(eyes.messagesInRun).toBe(4);
  });

  it('shows her nothing before the swap', () => {
    const eyes = partyEyes(tour, 'mallory', takeover.t - 1);
    expect(eyes.readable).toEqual([]);
  });

  it('shows the network observer only ciphertext and metadata, with real sizes', () => {
    const eyes = partyEyes(tour, 'isp', tour.endT);
    expect(eyes.readable).toEqual([]);
    expect(eyes.cipher.map((c) => c.item)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(eyes.cipher[0]!.size).toMatch(/^\d+ bytes on the wire$/);
    expect(eyes.metadata.map((m) => m.fields)).toContainEqual(['timestamp', 'size', 'ip']);
  });

  it('lists the notices the user was shown, up to t', () => {
    const notices = partyEyes(tour, 'alice', tour.endT).notices.map((n) => n.kind);
    expect(notices).toContain('security-code-changed');
    expect(partyEyes(tour, 'alice', 0).notices).toEqual([]);
    expect(partyKnownAt(tour, 'alice', tour.endT)).toBeGreaterThan(
      partyKnownAt(tour, 'alice', takeover.t - 1),
    );
    expect(partyKnownAt(tour, 'nobody', tour.endT)).toBe(-1);
  });
});

describe('stand-in ciphertext', () => {
  it('is stable, differs per holder and item, and is hex', () => {
    expect(standInHex('m1', 'isp')).toBe(standInHex('m1', 'isp'));
    expect(standInHex('m1', 'isp')).not.toBe(standInHex('m1', 'server'));
    expect(standInHex('m1', 'isp')).not.toBe(standInHex('m2', 'isp'));
    expect(standInHex('m1', 'isp', 8)).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/);
    expect(cipherPreview('m1', 'isp', 1234)).toEqual({
      hex: `${standInHex('m1', 'isp', 12)} …`,
      size: '1,234 bytes on the wire',
    });
    expect(cipherPreview('m1', 'isp', null).size).toBeNull();
  });
});

describe('narration', () => {
  it('lists what others learned during the current step, up to t', () => {
    const all = learnedDuringStep(tour, tour.steps[tour.steps.indexOf(takeover) + 1]!.t - 1);
    expect(all.some((l) => l.party === 'mallory' && l.item === 'm3' && l.level === 'content')).toBe(true);
    expect(all.every((l) => l.t >= takeover.t)).toBe(true);
    expect(learnedDuringStep(tour, takeover.t).every((l) => l.t === takeover.t)).toBe(true);
    expect(learnedDuringStep(tour, 0)).toEqual([]);
  });
});

describe('knowledge drawing', () => {
  it('draws a row per item the party learned about, stepping up in level', () => {
    const layout = knowledgeLayout(tour, 'mallory', 1000, activityWindow(tour));
    expect(layout.rows.map((r) => r.item)).toEqual([
      'code:+1 555 0101:1',
      'm3',
      'backup:bob:1',
      'm1',
      'm2',
      'm4',
    ]);
    expect(layout.rows.every((r) => r.segments.length >= 1 && r.contentX !== null)).toBe(true);
  });

  it('matches the snapshot', async () => {
    const layout = knowledgeLayout(tour, 'isp', 1000, activityWindow(tour));
    await expect(
      serializeSvg(
        knowledgeScene(layout, { prefix: 'pv', title: 'What isp learned', spoilersHidden: false }),
      ),
    ).toMatchFileSnapshot('__snapshots__/d3-party.workshop-tour.isp.svg');
  });
});
