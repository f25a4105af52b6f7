// The network drawing from real runs: a deterministic layout (every node inside its trust boundary, links routed
// clear of other nodes), a snapshot of the static drawing, and the moving parts at chosen moments.
import { describe, expect, it } from 'vitest';
import { pointOn } from '../../renderer/src/d3/geometry.js';
import {
  DEFAULT_FRAME_OPTIONS,
  badgeText,
  hopsNear,
  networkFrame,
  partyHoldings,
} from '../../renderer/src/d3/network-frame.js';
import { NODE_R, networkLayout } from '../../renderer/src/d3/network-layout.js';
import { initials, networkOverlay, networkScene } from '../../renderer/src/d3/network-scene.js';
import { buildRunIndex, levelCodesAt } from '../../renderer/src/d3/run-index.js';
import { findAll, round, serializeSvg } from '../../renderer/src/d3/svg-tree.js';
import { fixtureRun } from '../fixtures/runs/load.js';

const tour = buildRunIndex(fixtureRun('workshop-tour.base'));
const business = buildRunIndex(fixtureRun('business-cloud-api.base'));

function frameAt(index: typeof tour, t: number, options = DEFAULT_FRAME_OPTIONS) {
  const layout = networkLayout(index, 1200);
  return networkFrame(index, layout, t, levelCodesAt(index, t), options);
}

/** A frame as rounded plain data, for snapshots. */
function rounded(frame: ReturnType<typeof frameAt>) {
  return {
    packets: frame.packets.map((p) => ({ ...p, x: round(p.x), y: round(p.y) })),
    glows: frame.glows.map((g) => ({
      id: g.id,
      level: g.level,
      opacity: round(g.opacity, 2),
      arrived: g.arrived,
    })),
    nodes: frame.nodes.map((n) => ({
      id: n.id,
      level: n.level,
      badge: n.badge,
      pulse: n.pulse && { level: n.pulse.level, r: round(n.pulse.r), opacity: round(n.pulse.opacity, 2) },
    })),
    taps: frame.activeTaps,
  };
}

describe('network layout', () => {
  it('is the same every time for the same run and width', () => {
    expect(networkLayout(tour, 1200)).toEqual(networkLayout(tour, 1200));
  });

  it('puts every party in the box of its trust boundary', () => {
    for (const index of [tour, business]) {
      const layout = networkLayout(index, 1200);
      expect(layout.nodes.map((n) => n.id).sort()).toEqual([...index.parties].sort());
      for (const node of layout.nodes) {
        const box = layout.boxes.find((b) => b.id === node.group)!;
        expect(node.x - NODE_R).toBeGreaterThanOrEqual(box.x);
        expect(node.x + NODE_R).toBeLessThanOrEqual(box.x + box.w);
        expect(node.y - NODE_R).toBeGreaterThanOrEqual(box.y);
        expect(node.y + NODE_R + 60).toBeLessThanOrEqual(box.y + box.h + 1);
      }
      expect(layout.nodeById.get('server')?.group).toBe('provider');
    }
    expect(networkLayout(tour, 1200).nodeById.get('mallory')?.group).toBe('adversary');
    expect(networkLayout(business, 1200).nodeById.get('acme')?.group).toBe('business');
  });

  it('draws one link per pair that exchanged anything, clear of the other nodes', () => {
    const layout = networkLayout(tour, 1200);
    const ids = layout.links.map((l) => l.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'alice|server',
        'mallory|server',
        'carrier|registration',
        'carrier|mallory',
        'gdrive|mallory',
      ]),
    );
    expect(new Set(ids).size).toBe(ids.length);
    for (const link of layout.links) {
      for (const node of layout.nodes) {
        if (node.id === link.a || node.id === link.b) continue;
        for (let i = 1; i < 20; i++) {
          const p = pointOn(link.curve, i / 20);
          expect(Math.hypot(p.x - node.x, p.y - node.y), `${link.id} near ${node.id}`).toBeGreaterThan(
            NODE_R,
          );
        }
      }
    }
    expect(layout.taps.map((t) => t.observer)).toEqual(expect.arrayContaining(['isp']));
  });

  it('matches the snapshot of the drawing', async () => {
    const svg = serializeSvg(
      networkScene(networkLayout(tour, 1200), { prefix: 'net', title: 'Workshop tour network' }),
    );
    await expect(svg).toMatchFileSnapshot('__snapshots__/d3-network.workshop-tour.svg');
    const svg2 = serializeSvg(
      networkScene(networkLayout(business, 1000), { prefix: 'net', title: 'Cloud API network' }),
    );
    await expect(svg2).toMatchFileSnapshot('__snapshots__/d3-network.business-cloud-api.svg');
  });

  it('keeps what moves in an overlay of the same size: glows, one pulse ring per party, packets', () => {
    const layout = networkLayout(tour, 1200);
    const overlay = networkOverlay(layout);
    expect(overlay.attrs.viewBox).toBe(`0 0 ${layout.width} ${layout.height}`);
    expect(overlay.attrs['aria-hidden']).toBe('true');
    expect((overlay.children ?? []).map((g) => g.attrs.class)).toEqual(['glows', 'pulses', 'packets']);
    expect(findAll(overlay, (n) => n.attrs.class === 'pulse').map((n) => n.attrs['data-party'])).toEqual(
      layout.nodes.map((n) => n.id),
    );
    const scene = serializeSvg(networkScene(layout, { prefix: 'net', title: 't' }));
    expect(scene).not.toMatch(/class="(pulse|glows|packets)"/);
  });

  it('gives nodes focusable, named buttons and two-letter badges', () => {
    const scene = networkScene(networkLayout(tour, 1200), { prefix: 'net', title: 't' });
    const nodes = findAll(scene, (n) => n.attrs.class?.toString().startsWith('node ') === true);
    expect(nodes).toHaveLength(tour.parties.length);
    for (const n of nodes) {
      expect(n.attrs.role).toBe('button');
      expect(n.attrs.tabindex).toBe(0);
      expect(String(n.attrs['aria-label'])).toMatch(/, /);
    }
    expect(initials('meta-cloud')).toBe('MC');
    expect(initials('alice')).toBe('AL');
  });
});

describe('network at time t', () => {
  const m3 = tour.hops.find((h) => h.dst === 'mallory' && h.items.includes('m3'))!;

  it('shows the message to mallory in flight, coloured by what she can read, and the tap that saw it', () => {
    const mid = m3.t0 + 10;
    const frame = frameAt(tour, mid);
    const packet = frame.packets.find((p) => p.id === m3.id);
    expect(packet).toMatchObject({ link: 'mallory|server', level: 'content', lost: false });
    expect(packet?.label).toBe('m3 server → mallory: content');
    expect(frame.activeTaps).toContain('isp>mallory|server');
    expect(frame.glows.find((g) => g.id === 'mallory|server>server')?.arrived).toBe(false);
  });

  it('leaves a fading glow after arrival, then nothing', () => {
    const arrive = Math.max(m3.t1!, m3.t0 + DEFAULT_FRAME_OPTIONS.minFlightMs);
    const soon = frameAt(tour, arrive + 100).glows.find((g) => g.id === 'mallory|server>server');
    const later = frameAt(tour, arrive + 2000).glows.find((g) => g.id === 'mallory|server>server');
    expect(soon?.arrived).toBe(true);
    expect(later!.opacity).toBeLessThan(soon!.opacity);
    expect(
      frameAt(tour, arrive + DEFAULT_FRAME_OPTIONS.afterglowMs + 2000).packets.find((p) => p.id === m3.id),
    ).toBeUndefined();
  });

  it('updates badges and rings as parties learn', () => {
    const before = frameAt(tour, m3.t0 - 1).nodes.find((n) => n.id === 'mallory')!;
    const after = frameAt(tour, m3.t1! + 1).nodes.find((n) => n.id === 'mallory')!;
    expect(before.badge).toBe('reads 1 item');
    expect(after.badge).toBe('reads 1 message');
    expect(after.level).toBe('content');
    expect(after.pulse?.level).toBe('content');
  });

  it('hides who sees what while presenting, but still shows traffic', () => {
    const frame = frameAt(tour, m3.t0 + 10, { ...DEFAULT_FRAME_OPTIONS, spoilersHidden: true });
    expect(frame.packets.length).toBeGreaterThan(0);
    expect(frame.packets.every((p) => p.level === null)).toBe(true);
    expect(frame.nodes.every((n) => n.level === 'none' && n.badge === '' && n.pulse === null)).toBe(true);
  });

  it('matches snapshots at moments of the SIM swap', () => {
    const takeover = tour.steps.find((s) => s.id === 'takeover')!;
    expect(rounded(frameAt(tour, takeover.t + 180))).toMatchSnapshot();
    expect(rounded(frameAt(tour, tour.endT))).toMatchSnapshot();
  });

  it('summarises holdings and recent hops for the table', () => {
    const codes = levelCodesAt(tour, tour.endT);
    expect(partyHoldings(tour, codes, 'server')).toMatchObject({ msgContent: 0, level: 'metadata' });
    expect(partyHoldings(tour, codes, 'bob').msgContent).toBe(2);
    expect(badgeText({ msgContent: 0, content: 0, metadata: 0, ciphertext: 2 })).toBe('ciphertext of 2');
    expect(badgeText({ msgContent: 0, content: 0, metadata: 0, ciphertext: 0 })).toBe('nothing yet');
    expect(badgeText({ msgContent: 0, content: 0, metadata: 0, ciphertext: 0 }, true)).toBe('nothing');
    expect(hopsNear(tour, m3.t0 + 5, 0).map((h) => h.id)).toContain(m3.id);
    expect(hopsNear(tour, 5_000, 0)).toEqual([]);
  });
});
