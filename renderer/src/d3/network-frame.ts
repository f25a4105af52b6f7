// The moving part of the network drawing at time t, as data: packets in flight on their links, the glow each
// recent hop leaves on its link (coloured and dashed by what the receiver could read), each party's ring level,
// badge and pulse, and which tap lines are active. Only hops near t are looked at (binary search on send
// times), so a frame costs the same early or late in a 10,000-event run. Pure: the view applies it with D3.
import type { VisibilityLevel } from '../../../simulator/ledger/types.js';
import { curvePath, offsetCurve, pointOn, reversed, subCurve, type Curve } from './geometry.js';
import { isMessageKind } from './items.js';
import type { Hop } from './hops.js';
import { linkId, type NetworkLayout } from './network-layout.js';
import { LEVEL_BY_CODE, type RunIndex } from './run-index.js';
import { lowerBound, upperBound } from './search.js';

export interface NetworkFrameOptions {
  /** Hide who sees what (presenter mode before the reveal): packets and rings stay neutral. */
  readonly spoilersHidden: boolean;
  /** A hop stays in flight at least this long on screen, virtual ms (a 40 ms hop would be invisible). */
  readonly minFlightMs: number;
  /** How long a link keeps glowing after a hop arrives, virtual ms. */
  readonly afterglowMs: number;
  /** How long a party's ring pulses after it learns something, virtual ms. */
  readonly pulseMs: number;
  /** Most packets drawn at once (the newest win). */
  readonly maxPackets: number;
}

export const DEFAULT_FRAME_OPTIONS: NetworkFrameOptions = {
  spoilersHidden: false,
  minFlightMs: 250,
  afterglowMs: 2500,
  pulseMs: 1200,
  maxPackets: 160,
};

export interface PacketState {
  readonly id: string;
  readonly link: string;
  readonly x: number;
  readonly y: number;
  readonly level: VisibilityLevel | null;
  readonly lost: boolean;
  /** Accessible text: `m3 server → mallory: reads content`. */
  readonly label: string;
}

export interface GlowState {
  /** `<link>><direction>`: one glow per link direction. */
  readonly id: string;
  readonly d: string;
  readonly level: VisibilityLevel | null;
  readonly opacity: number;
  /** Whether the arrowhead is drawn (the hop has arrived). */
  readonly arrived: boolean;
}

export interface NodeState {
  readonly id: string;
  readonly level: VisibilityLevel;
  readonly badge: string;
  readonly pulse: { readonly level: VisibilityLevel; readonly r: number; readonly opacity: number } | null;
}

export interface NetworkFrame {
  readonly t: number;
  readonly packets: readonly PacketState[];
  readonly glows: readonly GlowState[];
  readonly nodes: readonly NodeState[];
  /** Tap lines active now (a tapped frame is on their link). */
  readonly activeTaps: readonly string[];
}

const LANE = 3.5;

function laneCurve(layout: NetworkLayout, src: string, dst: string): { curve: Curve; link: string } | null {
  const id = linkId(src, dst);
  const link = layout.linkById.get(id);
  if (!link) return null;
  const forward = link.a === src ? link.curve : reversed(link.curve);
  return { curve: offsetCurve(forward, LANE), link: id };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** What a party's badge says: the most revealing thing it holds at t (`ended`: t is the end of the run). */
export function badgeText(
  counts: {
    msgContent: number;
    content: number;
    metadata: number;
    ciphertext: number;
  },
  ended = false,
): string {
  if (counts.msgContent > 0) return `reads ${plural(counts.msgContent, 'message')}`;
  if (counts.content > 0) return `reads ${plural(counts.content, 'item')}`;
  if (counts.metadata > 0) return `metadata of ${counts.metadata}`;
  if (counts.ciphertext > 0) return `ciphertext of ${counts.ciphertext}`;
  return ended ? 'nothing' : 'nothing yet';
}

export interface Holdings {
  readonly msgContent: number;
  readonly content: number;
  readonly metadata: number;
  readonly ciphertext: number;
  /** Best level over messages (over everything when it holds no message). */
  readonly level: VisibilityLevel;
  readonly badge: string;
}

/** What a party holds given the matrix level codes at time t. */
export function partyHoldings(index: RunIndex, levels: Uint8Array, party: string, t = 0): Holdings {
  const nItems = index.items.length;
  const row = index.partyRow.get(party);
  const counts = { msgContent: 0, content: 0, metadata: 0, ciphertext: 0 };
  let bestMsg = 0;
  let bestAny = 0;
  if (row !== undefined) {
    for (let c = 0; c < nItems; c++) {
      const code = levels[row * nItems + c]!;
      if (code === 0) continue;
      const message = isMessageKind(index.items[c]!.kind);
      if (code === 3) {
        counts.content++;
        if (message) counts.msgContent++;
      } else if (code === 2) counts.metadata++;
      else counts.ciphertext++;
      bestAny = Math.max(bestAny, code);
      if (message) bestMsg = Math.max(bestMsg, code);
    }
  }
  return {
    ...counts,
    level: LEVEL_BY_CODE[bestMsg > 0 ? bestMsg : bestAny]!,
    badge: badgeText(counts, t >= index.endT),
  };
}

/** Hops on the wire at t or arrived within `recentMs` before it, oldest first. */
export function hopsNear(index: RunIndex, t: number, recentMs: number): Hop[] {
  const from = lowerBound(index.hopStarts, t - index.longestHop - recentMs);
  const to = upperBound(index.hopStarts, t);
  const out: Hop[] = [];
  for (let i = from; i < to; i++) {
    const hop = index.hops[i]!;
    const end = hop.t1 ?? index.endT;
    if (end >= t - recentMs) out.push(hop);
  }
  return out;
}

/** The network drawing's dynamic state at t, given the matrix levels at t (run-index.ts levelCodesAt). */
export function networkFrame(
  index: RunIndex,
  layout: NetworkLayout,
  t: number,
  levels: Uint8Array,
  options: NetworkFrameOptions = DEFAULT_FRAME_OPTIONS,
): NetworkFrame {
  const hidden = options.spoilersHidden;
  const window = Math.max(index.longestHop, options.minFlightMs) + options.afterglowMs;
  const from = lowerBound(index.hopStarts, t - window);
  const to = upperBound(index.hopStarts, t);
  const packets: PacketState[] = [];
  const glows = new Map<string, GlowState>();
  const taps = new Set<string>();
  for (let i = from; i < to; i++) {
    const hop = index.hops[i]!;
    const lane = laneCurve(layout, hop.src, hop.dst);
    if (!lane) continue;
    const end = hop.t1 ?? index.endT;
    const flight = Math.max(end - hop.t0, options.minFlightMs);
    const s = flight > 0 ? (t - hop.t0) / flight : 1;
    const level = hidden ? null : hop.level;
    const lost = hop.fate === 'lost' || hop.fate === 'dropped';
    const key = `${lane.link}>${hop.src}`;
    if (s < 1) {
      const p = pointOn(lane.curve, Math.max(0, s));
      const what = hop.item ?? hop.label;
      packets.push({
        id: hop.id,
        link: lane.link,
        x: p.x,
        y: p.y,
        level,
        lost,
        label: `${what} ${hop.src} → ${hop.dst}${level ? `: ${level}` : ''}`,
      });
      glows.set(key, {
        id: key,
        d: curvePath(subCurve(lane.curve, Math.max(0.02, s))),
        level,
        opacity: 1,
        arrived: false,
      });
      for (const observer of hop.tappedBy) taps.add(`${observer}>${lane.link}`);
    } else if (!lost) {
      const age = t - (hop.t0 + flight);
      if (age > options.afterglowMs) continue;
      const opacity = 0.95 - 0.8 * (age / options.afterglowMs);
      const prev = glows.get(key);
      // A newer hop on the same lane replaces an older glow, unless the older one carried more.
      if (prev && !prev.arrived) continue;
      glows.set(key, { id: key, d: curvePath(lane.curve), level, opacity, arrived: true });
    }
  }
  const newest = packets.slice(-options.maxPackets);

  const nodes: NodeState[] = [];
  for (const node of layout.nodes) {
    const held = partyHoldings(index, levels, node.id, t);
    let pulse: NodeState['pulse'] = null;
    const list = index.byParty.get(node.id);
    if (list && !hidden) {
      const n = upperBound(list.times, t);
      if (n > 0) {
        const age = t - list.times[n - 1]!;
        if (age <= options.pulseMs) {
          // The best level learned at that instant.
          let best = 0;
          for (let k = n - 1; k >= 0 && list.times[k] === list.times[n - 1]; k--) {
            const o = list.obs[k]!;
            const code = o.fields.includes('content')
              ? 3
              : o.fields.length > 0
                ? 2
                : o.how.kind === 'ciphertext'
                  ? 1
                  : 0;
            best = Math.max(best, code);
          }
          const f = age / options.pulseMs;
          pulse = { level: LEVEL_BY_CODE[best]!, r: 27 + 18 * f, opacity: 0.9 * (1 - f) };
        }
      }
    }
    nodes.push({ id: node.id, level: hidden ? 'none' : held.level, badge: hidden ? '' : held.badge, pulse });
  }
  return { t, packets: newest, glows: [...glows.values()], nodes, activeTaps: [...taps].sort() };
}
