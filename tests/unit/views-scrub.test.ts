// The per-frame work the drawn views do while the playhead moves (NetworkView, MatrixView, PartyView,
// TimelineView call exactly these), on a synthetic run of 10,000 journal events: incremental state equals a
// fresh computation at every frame, and what each frame touches stays bounded however long the run is.
import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../simulator/network/journal.js';
import type { ObservationRecord } from '../../simulator/ledger/types.js';
import { DEFAULT_FRAME_OPTIONS, networkFrame } from '../../renderer/src/d3/network-frame.js';
import { networkLayout } from '../../renderer/src/d3/network-layout.js';
import { partyEyes, partyKnownAt } from '../../renderer/src/d3/party-eyes.js';
import { buildRunIndex, LevelCursor, levelCodesAt, type RunSource } from '../../renderer/src/d3/run-index.js';
import { activityWindow, timelineLayout, timelinePlayhead } from '../../renderer/src/d3/timeline-scene.js';

/** 2,500 messages alice → server → bob: send, deliver, send, deliver = 10,000 journal events, 7,500 observations. */
function longRun(messages: number): RunSource {
  const journal: JournalEvent[] = [];
  const observations: ObservationRecord[] = [];
  let seq = 0;
  let frame = 0;
  const ev = (t: number, type: string, extra: Record<string, unknown>) =>
    journal.push({ seq: seq++, t, type, ...extra });
  const obs = (t: number, party: string, item: string, content: boolean) =>
    observations.push({
      seq: observations.length,
      t,
      party,
      item,
      fields: content ? ['content', 'sender'] : ['sender', 'timestamp'],
      how: content ? { kind: 'decrypted', with: 'session' } : { kind: 'routing', detail: 'routed' },
    });
  const items = [];
  for (let i = 0; i < messages; i++) {
    const t = 1000 + i * 200;
    const id = `m${i}`;
    items.push({ id, kind: 'message' as const, label: `alice → bob: "message ${i}"`, author: 'alice' });
    ev(t, 'net.send', {
      frame,
      src: 'alice-phone',
      dst: 'server',
      size: 300,
      label: 'noise.data',
      items: [id],
    });
    ev(t + 40, 'net.deliver', { frame: frame++ });
    obs(t + 40, 'server', id, false);
    ev(t + 40, 'net.send', {
      frame,
      src: 'server',
      dst: 'bob-phone',
      size: 290,
      label: 'noise.data',
      items: [id],
    });
    ev(t + 85, 'net.deliver', { frame: frame++ });
    obs(t + 85, 'bob', id, true);
    obs(t + 86, 'alice', id, false);
  }
  return {
    journal,
    ledger: { items, observations },
    parties: ['alice', 'bob', 'server'],
    partyKinds: new Map([
      ['alice', 'user'],
      ['bob', 'user'],
      ['server', 'chat-server'],
    ]),
    steps: Array.from({ length: messages / 25 }, (_, i) => ({
      index: i,
      t: 1000 + i * 5000,
      seq: i,
      path: `steps[${i}]`,
      action: 'send',
      id: null,
      note: null,
      outcome: null,
    })),
    endTimeMs: 1000 + messages * 200 + 60_000,
  };
}

const run = longRun(2500);
const index = buildRunIndex(run);

describe('scrubbing a 10,000-event run', () => {
  it('indexes every frame and observation', () => {
    expect(run.journal).toHaveLength(10_000);
    expect(index.hops).toHaveLength(5000);
    expect(index.hops.every((h) => h.level !== null)).toBe(true);
    expect(index.changes.length).toBeLessThanOrEqual(3 * 2500);
  });

  it('keeps every frame equal to a fresh computation while sweeping back and forth', () => {
    const layout = networkLayout(index, 1200);
    const cursor = new LevelCursor(index);
    const frames = 120;
    let maxChanged = 0;
    for (let i = 0; i <= frames; i++) {
      const f = (i / frames) * 2;
      const t = index.endT * (f <= 1 ? f : 2 - f);
      const changed = cursor.seek(t);
      if (i > 0 && i !== frames / 2 + 1) maxChanged = Math.max(maxChanged, changed.length);
      const fresh = levelCodesAt(index, t);
      const differing = fresh.findIndex((code, k) => code !== cursor.codes[k]);
      expect(differing, `cell ${differing} at t=${t}`).toBe(-1);
      const frame = networkFrame(index, layout, t, cursor.codes, DEFAULT_FRAME_OPTIONS);
      expect(frame.packets.length).toBeLessThanOrEqual(DEFAULT_FRAME_OPTIONS.maxPackets);
      // Only hops near t are ever looked at: a frame's glows stay within one afterglow's worth of traffic.
      expect(frame.glows.length).toBeLessThanOrEqual(layout.links.length * 2);
    }
    // Each forward frame repaints only the cells that changed in between, not the whole matrix.
    expect(maxChanged).toBeLessThan(cursor.codes.length / 10);
  });

  it('recomputes the party view only when the party learns something', () => {
    const keys = new Set<number>();
    for (let t = 0; t < 20_000; t += 16) keys.add(partyKnownAt(index, 'bob', t));
    // 1,250 frames of 16 ms, but bob learns only ~95 times in that stretch.
    expect(keys.size).toBeLessThan(120);
    const eyes = partyEyes(index, 'bob', partyKnownAt(index, 'bob', 20_000));
    expect(eyes.readable.length).toBe(eyes.readable.filter((c) => c.text?.startsWith('message ')).length);
  });

  it('moves only the timeline playhead while scrubbing: the layout is built once', () => {
    const layout = timelineLayout(index, 1400, activityWindow(index));
    const marks = layout.lanes.reduce((s, l) => s + l.marks.length, 0);
    expect(marks).toBeLessThan(3 * 500);
    let last = -Infinity;
    for (let t = 0; t <= index.endT; t += index.endT / 50) {
      const p = timelinePlayhead(layout, t);
      expect(p.x).toBeGreaterThanOrEqual(last);
      last = p.x;
    }
  });
});
