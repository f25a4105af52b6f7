// The timeline drawing: a window on the run's activity, the time ↔ x mapping, binned lanes whose size does not
// grow with the number of events, step markers that never overlap, and a snapshot.
import { describe, expect, it } from 'vitest';
import { buildRunIndex, type RunSource } from '../../renderer/src/d3/run-index.js';
import {
  activityWindow,
  timeToX,
  timelineLayout,
  timelinePlayhead,
  timelineScene,
  xToTime,
} from '../../renderer/src/d3/timeline-scene.js';
import { serializeSvg } from '../../renderer/src/d3/svg-tree.js';
import type { ObservationRecord } from '../../simulator/ledger/types.js';
import { fixtureRun } from '../fixtures/runs/load.js';

const tour = buildRunIndex(fixtureRun('workshop-tour.base'));

/** A synthetic run with n observations spread over 100 s (the timeline only reads the ledger and the steps). */
function synthetic(n: number): RunSource {
  const items = Array.from({ length: 50 }, (_, i) => ({
    id: `m${i}`,
    kind: 'message' as const,
    label: `m${i}`,
  }));
  const observations: ObservationRecord[] = Array.from({ length: n }, (_, i) => ({
    seq: i,
    t: (i / n) * 100_000,
    party: ['alice', 'bob', 'server', 'isp'][i % 4]!,
    item: `m${i % 50}`,
    fields: i % 3 === 0 ? ['content'] : ['timestamp'],
    how: { kind: 'routing' },
  }));
  return {
    journal: [],
    ledger: { items, observations },
    parties: ['alice', 'bob', 'server', 'isp'],
    partyKinds: new Map([
      ['alice', 'user'],
      ['bob', 'user'],
      ['server', 'chat-server'],
      ['isp', 'network-observer'],
    ]),
    steps: Array.from({ length: 40 }, (_, i) => ({
      index: i,
      t: i * 500,
      seq: i,
      path: `steps[${i}]`,
      action: 'send',
      id: null,
      note: null,
      outcome: null,
    })),
    endTimeMs: 100_000,
  };
}

describe('timeline', () => {
  it('fits the window to the steps and what happened, not the idle settling time', () => {
    const w = activityWindow(tour);
    expect(w.from).toBeLessThanOrEqual(tour.steps[0]!.t);
    expect(w.to).toBeGreaterThanOrEqual(tour.steps[tour.steps.length - 1]!.t);
    expect(w.to).toBeLessThan(tour.endT);
  });

  it('maps time to x and back, clamped to the window', () => {
    const layout = timelineLayout(tour, 1200, { from: 10_000, to: 20_000 });
    for (const t of [10_000, 12_345, 20_000]) expect(xToTime(layout, timeToX(layout, t))).toBeCloseTo(t, 6);
    expect(timeToX(layout, 0)).toBe(layout.left);
    expect(timeToX(layout, 1e9)).toBe(layout.right);
    const p = timelinePlayhead(layout, 15_000);
    expect(p.shadeX).toBe(p.x);
    expect(p.shadeX + p.shadeW).toBeCloseTo(layout.right, 6);
  });

  it('keeps the drawing small however many events there are', () => {
    const small = timelineLayout(buildRunIndex(synthetic(400)), 1000, { from: 0, to: 100_000 });
    const large = timelineLayout(buildRunIndex(synthetic(20_000)), 1000, { from: 0, to: 100_000 });
    const marks = (l: typeof large) => l.lanes.reduce((s, lane) => s + lane.marks.length, 0);
    expect(marks(large)).toBeLessThanOrEqual(4 * Math.ceil((1000 - 150 - 18) / 3));
    expect(marks(large)).toBeGreaterThan(marks(small));
    expect(large.lanes.find((l) => l.party === 'alice')!.marks.some((m) => m.level === 'content')).toBe(true);
  });

  it('stacks step markers that would overlap', () => {
    const layout = timelineLayout(buildRunIndex(synthetic(100)), 800, { from: 0, to: 100_000 });
    const byTier = new Map<number, number[]>();
    for (const s of layout.steps.filter((x) => !x.compact))
      byTier.set(s.tier, [...(byTier.get(s.tier) ?? []), s.x]);
    expect(byTier.size).toBeGreaterThan(1);
    expect(layout.steps.every((s) => s.tier < 3)).toBe(true);
    // Numbered markers never overlap within a tier; steps too dense for them become plain ticks.
    const numbered = layout.steps.filter((s) => !s.compact);
    for (let tier = 0; tier < 3; tier++) {
      const xs = numbered.filter((s) => s.tier === tier).map((s) => s.x);
      for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeGreaterThanOrEqual(26);
    }
    expect(layout.steps.some((s) => s.compact)).toBe(true);
  });

  it('draws bands from the moment a party can read a message', () => {
    const layout = timelineLayout(tour, 1200, activityWindow(tour));
    const mallory = layout.lanes.find((l) => l.party === 'mallory')!;
    const m3 = tour.hops.find((h) => h.dst === 'mallory' && h.items.includes('m3'))!;
    expect(mallory.bands).toHaveLength(1);
    expect(mallory.bands[0]!.level).toBe('content');
    expect(mallory.bands[0]!.x).toBeCloseTo(timeToX(layout, m3.t1!), 6);
    expect(layout.lanes.find((l) => l.party === 'server')!.bands.every((b) => b.level !== 'content')).toBe(
      true,
    );
  });

  it('matches the snapshot, and hides levels while presenting', async () => {
    const layout = timelineLayout(tour, 1200, activityWindow(tour));
    await expect(
      serializeSvg(
        timelineScene(layout, { prefix: 'tl', title: 'Workshop tour timeline', spoilersHidden: false }),
      ),
    ).toMatchFileSnapshot('__snapshots__/d3-timeline.workshop-tour.svg');
    const hidden = serializeSvg(timelineScene(layout, { prefix: 'tl', title: 'T', spoilersHidden: true }));
    expect(hidden).not.toMatch(/class="band|class="mark level-(content|metadata|ciphertext)/);
    expect(hidden).toMatch(/class="mark level-hidden/);
  });
});
