// Where everything in the network drawing goes: one box per trust boundary in a fixed grid slot
// (trust-groups.ts), party nodes in a small grid inside their box, one curved link per pair of parties that
// exchanged anything, and dashed tap lines from network observers to the links they watched. Deterministic:
// no force simulation and no randomness — the same run at the same width always lays out identically, and
// scrubbing never re-lays out. Pure.
import type { RunIndex } from './run-index.js';
import { pointOn, towards, type Curve, type Point } from './geometry.js';
import { trustGroups, type TrustGroupId } from './trust-groups.js';

export const NODE_R = 27;
const SLOT_H = 124;
/** Height of a node with its three label lines. */
const BLOCK_H = 2 * NODE_R + 60;
const SLOT_W = 150;
const TITLE_H = 36;
const BOX_PAD = 10;
const GAP = 26;
const MARGIN = 14;
const MAX_PER_COLUMN = 3;
/** Half the width of a node's label block, for routing links around it. */
const LABEL_HALF_W = 58;

export interface NetNode {
  readonly id: string;
  readonly kind: string;
  readonly kindLabel: string;
  readonly group: TrustGroupId;
  readonly x: number;
  readonly y: number;
}

export interface NetBox {
  readonly id: TrustGroupId;
  readonly title: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface NetLink {
  /** `<a>|<b>` with a < b. */
  readonly id: string;
  readonly a: string;
  readonly b: string;
  /** From a to b, trimmed to the node circles. */
  readonly curve: Curve;
  /** Frames travelled on it, out-of-band hops, or both. */
  readonly kind: 'frame' | 'out-of-band' | 'both';
  readonly hops: number;
}

export interface NetTap {
  readonly id: string;
  readonly observer: string;
  readonly link: string;
  readonly from: Point;
  readonly to: Point;
}

export interface NetworkLayout {
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly NetBox[];
  readonly nodes: readonly NetNode[];
  readonly nodeById: ReadonlyMap<string, NetNode>;
  readonly links: readonly NetLink[];
  readonly linkById: ReadonlyMap<string, NetLink>;
  readonly taps: readonly NetTap[];
}

/** The id of the link between two parties. */
export function linkId(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function gridOf(n: number, boxWidth: number): { cols: number; rows: number } {
  const fit = Math.max(1, Math.floor((boxWidth - 2 * BOX_PAD) / SLOT_W));
  const cols = Math.min(fit, Math.max(1, Math.ceil(n / MAX_PER_COLUMN)));
  return { cols, rows: Math.ceil(n / cols) };
}

/** Lays out the run's parties and links for a drawing `width` pixels wide. */
export function networkLayout(index: RunIndex, width: number): NetworkLayout {
  const groups = trustGroups(index.parties, index.kinds);
  const cols = [...new Set(groups.map((g) => g.def.col))].sort((a, b) => a - b);
  const rowsUsed = [...new Set(groups.map((g) => g.def.row))].sort((a, b) => a - b);
  const weight = new Map<number, number>();
  for (const col of cols) {
    const need = groups
      .filter((g) => g.def.col === col)
      .map((g) => Math.max(1, Math.ceil(g.parties.length / MAX_PER_COLUMN)));
    weight.set(col, Math.max(1, ...need));
  }
  const totalWeight = [...weight.values()].reduce((s, w) => s + w, 0);
  const usable = Math.max(200, width - 2 * MARGIN - GAP * (cols.length - 1));
  const colX = new Map<number, { x: number; w: number }>();
  let x = MARGIN;
  for (const col of cols) {
    const w = (usable * weight.get(col)!) / totalWeight;
    colX.set(col, { x, w });
    x += w + GAP;
  }
  const rowH = new Map<number, number>();
  for (const row of rowsUsed) {
    let h = 0;
    for (const g of groups.filter((gr) => gr.def.row === row)) {
      const { rows } = gridOf(g.parties.length, colX.get(g.def.col)!.w);
      h = Math.max(h, TITLE_H + rows * SLOT_H + BOX_PAD);
    }
    rowH.set(row, h);
  }
  const rowY = new Map<number, number>();
  let y = MARGIN;
  for (const row of rowsUsed) {
    rowY.set(row, y);
    y += rowH.get(row)! + GAP;
  }
  const height = Math.round(y - GAP + MARGIN);

  const boxes: NetBox[] = [];
  const nodes: NetNode[] = [];
  for (const g of groups) {
    const { x: bx, w: bw } = colX.get(g.def.col)!;
    const by = rowY.get(g.def.row)!;
    const bh = rowH.get(g.def.row)!;
    boxes.push({ id: g.def.id, title: g.def.title, x: bx, y: by, w: bw, h: bh });
    const { cols: nc, rows: nr } = gridOf(g.parties.length, bw);
    const slotH = (bh - TITLE_H - BOX_PAD) / nr;
    g.parties.forEach((p, i) => {
      const c = i % nc;
      const r = Math.floor(i / nc);
      // Centre the last, partly filled row.
      const inRow = r === nr - 1 ? g.parties.length - r * nc : nc;
      const cx = bx + (bw * (c + 0.5 + (nc - inRow) / 2)) / nc;
      const cy = by + TITLE_H + slotH * r + Math.max(0, (slotH - BLOCK_H) / 2) + NODE_R + 4;
      nodes.push({ id: p.id, kind: p.kind, kindLabel: p.kindLabel, group: g.def.id, x: cx, y: cy });
    });
  }
  const nodeById = new Map(nodes.map((n) => [n.id, n]));

  // One link per pair of parties that exchanged anything.
  const pairs = new Map<string, { a: string; b: string; frame: number; oob: number }>();
  for (const hop of index.hops) {
    if (!nodeById.has(hop.src) || !nodeById.has(hop.dst)) continue;
    const id = linkId(hop.src, hop.dst);
    const entry = pairs.get(id) ?? {
      a: hop.src < hop.dst ? hop.src : hop.dst,
      b: hop.src < hop.dst ? hop.dst : hop.src,
      frame: 0,
      oob: 0,
    };
    if (hop.kind === 'frame') entry.frame++;
    else entry.oob++;
    pairs.set(id, entry);
  }
  const links: NetLink[] = [...pairs.entries()]
    .sort(([x1], [x2]) => (x1 < x2 ? -1 : x1 > x2 ? 1 : 0))
    .map(([id, p]) => ({
      id,
      a: p.a,
      b: p.b,
      curve: routeCurve(nodeById.get(p.a)!, nodeById.get(p.b)!, nodes),
      kind: p.frame > 0 && p.oob > 0 ? 'both' : p.frame > 0 ? 'frame' : 'out-of-band',
      hops: p.frame + p.oob,
    }));
  const linkById = new Map(links.map((l) => [l.id, l]));

  const taps: NetTap[] = [];
  const seenTaps = new Set<string>();
  for (const hop of index.hops) {
    for (const observer of hop.tappedBy) {
      const link = linkById.get(linkId(hop.src, hop.dst));
      const node = nodeById.get(observer);
      const key = `${observer}>${link?.id}`;
      if (!link || !node || seenTaps.has(key)) continue;
      seenTaps.add(key);
      const mid = midpoint(link.curve);
      taps.push({ id: key, observer, link: link.id, from: towards(node, mid, NODE_R + 4), to: mid });
    }
  }
  taps.sort((p, q) => (p.id < q.id ? -1 : p.id > q.id ? 1 : 0));

  return { width, height, boxes, nodes, nodeById, links, linkById, taps };
}

function midpoint(curve: Curve): Point {
  return {
    x: 0.25 * curve.p0.x + 0.5 * curve.c.x + 0.25 * curve.p2.x,
    y: 0.25 * curve.p0.y + 0.5 * curve.c.y + 0.25 * curve.p2.y,
  };
}

/** How many sampled points of the curve fall on another node or its labels (a lower score routes better). */
function collisions(curve: Curve, others: readonly NetNode[], ends: readonly NetNode[]): number {
  let hits = 0;
  const inLabel = (dx: number, dy: number) => Math.abs(dx) < LABEL_HALF_W && dy > NODE_R && dy < NODE_R + 62;
  for (let i = 1; i < 24; i++) {
    const p = pointOn(curve, i / 24);
    for (const n of others) {
      const dx = p.x - n.x;
      const dy = p.y - n.y;
      if (Math.hypot(dx, dy) < NODE_R + 12) hits += 2;
      else if (inLabel(dx, dy)) hits++;
    }
    // Nor through the labels under its own two nodes (a link straight down would cross its name).
    for (const n of ends) if (inLabel(p.x - n.x, p.y - n.y)) hits++;
  }
  return hits;
}

/** A curve from a to b that bends as little as possible while keeping clear of other nodes and their labels. */
function routeCurve(a: NetNode, b: NetNode, nodes: readonly NetNode[]): Curve {
  const others = nodes.filter((n) => n.id !== a.id && n.id !== b.id);
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const nx = -dy / len;
  const ny = dx / len;
  let best: Curve | null = null;
  let bestScore = Infinity;
  const consider = (curve: Curve): boolean => {
    const score = collisions(curve, others, [a, b]);
    if (score < bestScore) {
      bestScore = score;
      best = curve;
    }
    return score === 0;
  };
  for (const bend of [0.05, 0.12, 0.2, 0.3, 0.42]) {
    for (const sign of [1, -1]) {
      const c = { x: (a.x + b.x) / 2 + nx * len * bend * sign, y: (a.y + b.y) / 2 + ny * len * bend * sign };
      if (consider({ p0: towards(a, c, NODE_R + 3), c, p2: towards(b, c, NODE_R + 3) })) return best!;
    }
  }
  // Nodes stacked one above the other: leave and arrive from the side, around the labels underneath.
  for (const sign of [1, -1]) {
    const c = { x: (a.x + b.x) / 2 + sign * Math.max(140, Math.abs(dy) * 0.75), y: (a.y + b.y) / 2 };
    const side = (n: NetNode) => ({ x: n.x + sign * (NODE_R + 3), y: n.y });
    if (consider({ p0: side(a), c, p2: side(b) })) return best!;
  }
  return best!;
}
