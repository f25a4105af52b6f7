// The timeline drawing: a time axis, the scenario's steps as numbered markers, a strip of network activity, and
// one lane per party showing when it learned something and how much (binned per few pixels, so a 10,000-event
// run draws a few hundred marks, not ten thousand), with a band under each lane for the best message level it
// holds from then on. The playhead and the "not yet" shade are the only parts that move (timelinePlayhead).
// Pure.
import { scaleLinear } from 'd3';
import type { VisibilityLevel } from '../../../simulator/ledger/types.js';
import { LEVEL_RANK } from '../../../simulator/ledger/types.js';
import { observationLevel } from '../../../simulator/ledger/level.js';
import { formatVirtualShort } from '../model/format.js';
import { actionLabel } from '../model/labels.js';
import { isMessageKind } from './items.js';
import { LEVEL_COLOR, levelDefs, levelFill } from './level-marks.js';
import { LEVEL_BY_CODE, type RunIndex } from './run-index.js';
import { lowerBound, upperBound } from './search.js';
import { h, type SvgNode } from './svg-tree.js';
import { trustGroups } from './trust-groups.js';

const LABEL_W = 150;
const RIGHT = 18;
const AXIS_Y = 30;
const STEPS_Y = 46;
const STEP_TIER = 24;
const TRAFFIC_H = 34;
const LANE_H = 34;
const BIN_PX = 3;

export interface TimelineWindow {
  readonly from: number;
  readonly to: number;
}

export interface StepMark {
  readonly index: number;
  readonly t: number;
  readonly x: number;
  readonly tier: number;
  /** Centre of its marker. */
  readonly y: number;
  /** Drawn as a plain tick: the steps around it are too close for numbered markers. */
  readonly compact: boolean;
  readonly title: string;
}

export interface LaneMark {
  readonly x: number;
  readonly level: VisibilityLevel;
  readonly count: number;
}

export interface Lane {
  readonly party: string;
  readonly kindLabel: string;
  readonly y: number;
  readonly marks: readonly LaneMark[];
  /** Band segments: from x to x2 the best message level this party holds. */
  readonly bands: readonly { readonly x: number; readonly x2: number; readonly level: VisibilityLevel }[];
}

export interface TimelineLayout {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly window: TimelineWindow;
  readonly ticks: readonly { readonly x: number; readonly label: string }[];
  readonly steps: readonly StepMark[];
  readonly trafficY: number;
  readonly traffic: readonly {
    readonly x: number;
    readonly n: number;
    readonly level: VisibilityLevel | null;
  }[];
  readonly trafficMax: number;
  readonly lanes: readonly Lane[];
  readonly lanesTop: number;
}

/** Where the run's activity is: from just before the first step to just after the last observation or hop. */
export function activityWindow(index: RunIndex): TimelineWindow {
  const firstStep = index.steps[0]?.t ?? 0;
  let last = index.steps[index.steps.length - 1]?.t ?? 0;
  if (index.observations.length > 0)
    last = Math.max(last, index.observations[index.observations.length - 1]!.t);
  for (const hop of index.hops) if (hop.t1 !== null && hop.t1 > last && hop.t0 <= last + 5000) last = hop.t1;
  const pad = Math.max(500, (last - firstStep) * 0.04);
  const from = Math.max(0, firstStep - pad);
  const to = Math.min(index.endT, last + pad);
  return to > from ? { from, to } : { from: 0, to: Math.max(1, index.endT) };
}

/** x of time t in a layout (clamped to the plot). */
export function timeToX(layout: Pick<TimelineLayout, 'left' | 'right' | 'window'>, t: number): number {
  const { from, to } = layout.window;
  const f = (t - from) / (to - from || 1);
  return layout.left + Math.min(1, Math.max(0, f)) * (layout.right - layout.left);
}

/** Time at x (clamped to the window). */
export function xToTime(layout: Pick<TimelineLayout, 'left' | 'right' | 'window'>, x: number): number {
  const { from, to } = layout.window;
  const f = (x - layout.left) / (layout.right - layout.left || 1);
  return from + Math.min(1, Math.max(0, f)) * (to - from);
}

/** Lays out the timeline for a window of the run, `width` pixels wide. */
export function timelineLayout(index: RunIndex, width: number, window: TimelineWindow): TimelineLayout {
  const left = LABEL_W;
  const right = Math.max(left + 100, width - RIGHT);
  const base = { left, right, window };
  const scale = scaleLinear().domain([window.from, window.to]).range([left, right]);
  const ticks = scale.ticks(Math.max(2, Math.floor((right - left) / 110))).map((t) => ({
    x: scale(t),
    label: formatVirtualShort(t),
  }));

  // Steps, stacked in tiers where markers would overlap.
  const steps: StepMark[] = [];
  const tierEnd: number[] = [];
  index.steps.forEach((s, i) => {
    if (s.t < window.from || s.t > window.to) return;
    const x = timeToX(base, s.t);
    let tier = tierEnd.findIndex((end) => x - end >= 26);
    // Too dense even for three tiers: a tick without a number (the narration and the table number every step).
    const compact = tier < 0 && tierEnd.length >= 3;
    if (tier < 0) tier = compact ? 0 : tierEnd.length;
    if (!compact) tierEnd[tier] = x;
    steps.push({
      index: i,
      t: s.t,
      x,
      tier,
      y: STEPS_Y + tier * STEP_TIER,
      compact,
      title: `${i + 1}. ${actionLabel(s.action)}${s.note ? ` — ${s.note}` : ''}`,
    });
  });
  const tiers = Math.max(1, tierEnd.length);
  const trafficY = STEPS_Y + tiers * STEP_TIER + 10;

  // Network activity per bin, coloured by the best the receivers could read.
  const nBins = Math.max(1, Math.ceil((right - left) / BIN_PX));
  const binOf = (t: number) =>
    Math.min(nBins - 1, Math.floor(((t - window.from) / (window.to - window.from || 1)) * nBins));
  const trafficN = new Int32Array(nBins);
  const trafficL = new Int8Array(nBins).fill(-1);
  const h0 = lowerBound(index.hopStarts, window.from);
  const h1 = upperBound(index.hopStarts, window.to);
  for (let i = h0; i < h1; i++) {
    const hop = index.hops[i]!;
    const b = binOf(hop.t0);
    trafficN[b]!++;
    if (hop.level) trafficL[b] = Math.max(trafficL[b]!, LEVEL_RANK[hop.level]);
  }
  const traffic: { x: number; n: number; level: VisibilityLevel | null }[] = [];
  let trafficMax = 0;
  for (let b = 0; b < nBins; b++) {
    if (trafficN[b] === 0) continue;
    trafficMax = Math.max(trafficMax, trafficN[b]!);
    traffic.push({
      x: left + b * BIN_PX,
      n: trafficN[b]!,
      level: trafficL[b]! >= 0 ? LEVEL_BY_CODE[trafficL[b]!]! : null,
    });
  }

  // Party lanes in trust-boundary order.
  const lanesTop = trafficY + TRAFFIC_H + 14;
  const lanes: Lane[] = [];
  let y = lanesTop;
  for (const group of trustGroups(index.parties, index.kinds)) {
    for (const p of group.parties) {
      const list = index.byParty.get(p.id);
      const marks: LaneMark[] = [];
      const bands: { x: number; x2: number; level: VisibilityLevel }[] = [];
      if (list) {
        const a = lowerBound(list.times, window.from);
        const z = upperBound(list.times, window.to);
        const binLevel = new Map<number, { level: number; count: number }>();
        for (let i = a; i < z; i++) {
          const o = list.obs[i]!;
          const b = binOf(o.t);
          const code = LEVEL_RANK[observationLevel(o.fields, o.how)];
          const cur = binLevel.get(b);
          if (cur) {
            cur.level = Math.max(cur.level, code);
            cur.count++;
          } else binLevel.set(b, { level: code, count: 1 });
        }
        for (const [b, v] of [...binLevel].sort((m, n) => m[0] - n[0])) {
          marks.push({ x: left + b * BIN_PX, level: LEVEL_BY_CODE[v.level]!, count: v.count });
        }
        // Best message level held, as a step function of time.
        let best = 0;
        let since = window.from;
        const row = index.partyRow.get(p.id)!;
        const nItems = index.items.length;
        for (const change of index.changes) {
          if (Math.floor(change.cell / nItems) !== row) continue;
          if (!isMessageKind(index.items[change.cell % nItems]!.kind)) continue;
          const code = LEVEL_RANK[change.level];
          if (code <= best) continue;
          if (change.t > window.to) break;
          if (best > 0 && change.t > since) {
            bands.push({ x: timeToX(base, since), x2: timeToX(base, change.t), level: LEVEL_BY_CODE[best]! });
          }
          best = code;
          since = Math.max(window.from, change.t);
        }
        if (best > 0) bands.push({ x: timeToX(base, since), x2: right, level: LEVEL_BY_CODE[best]! });
      }
      lanes.push({ party: p.id, kindLabel: p.kindLabel, y, marks, bands });
      y += LANE_H;
    }
  }
  return {
    width,
    height: Math.round(y + 12),
    left,
    right,
    window,
    ticks,
    steps,
    trafficY,
    traffic,
    trafficMax,
    lanes,
    lanesTop,
  };
}

export interface TimelineSceneOptions {
  readonly prefix: string;
  readonly title: string;
  /** Presenter mode before the reveal: lanes show that something happened, not how much was read. */
  readonly spoilersHidden: boolean;
  /** Leave the playhead out: the view draws it as a separate layer that moves without repainting the drawing. */
  readonly livePlayhead?: boolean;
}

/** Where the axis line sits, in drawing units (the view's live playhead starts there). */
export const TIMELINE_AXIS_Y = AXIS_Y;

/** The timeline drawing (playhead at the window start; timelinePlayhead moves it). */
export function timelineScene(layout: TimelineLayout, options: TimelineSceneOptions): SvgNode {
  const { prefix, spoilersHidden } = options;
  const plotH = layout.height - AXIS_Y;
  const levelOr = (level: VisibilityLevel | null) =>
    spoilersHidden || !level ? 'var(--text-faint)' : LEVEL_COLOR[level];
  return h(
    'svg',
    {
      class: 'sl-timeline',
      'data-export': 'timeline',
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      width: layout.width,
      height: layout.height,
      'font-family': 'var(--font-sans)',
    },
    [
      h('title', {}, options.title),
      levelDefs(prefix),
      h('g', { class: 'axis' }, [
        h('line', {
          x1: layout.left,
          x2: layout.right,
          y1: AXIS_Y,
          y2: AXIS_Y,
          stroke: 'var(--border-strong)',
        }),
        ...layout.ticks.map((tick) =>
          h(
            'g',
            { class: 'tick', transform: `translate(${tick.x},0)` },
            [
              h('line', {
                y1: AXIS_Y - 5,
                y2: layout.height - 8,
                stroke: 'var(--border)',
                'stroke-dasharray': '2 4',
              }),
              h(
                'text',
                { y: AXIS_Y - 10, 'text-anchor': 'middle', 'font-size': 13, fill: 'var(--text-muted)' },
                tick.label,
              ),
            ],
            tick.label,
          ),
        ),
      ]),
      h('g', { class: 'lane-labels' }, [
        h(
          'text',
          { x: 12, y: STEPS_Y + 16, 'font-size': 13, 'font-weight': 700, fill: 'var(--text-muted)' },
          'STEPS',
        ),
        h(
          'text',
          {
            x: 12,
            y: layout.trafficY + TRAFFIC_H / 2 + 5,
            'font-size': 13,
            'font-weight': 700,
            fill: 'var(--text-muted)',
          },
          'NETWORK',
        ),
        ...layout.lanes.map((lane) =>
          h(
            'g',
            { class: 'lane-label', 'data-party': lane.party },
            [
              h(
                'text',
                {
                  x: 12,
                  y: lane.y + LANE_H / 2 + 1,
                  'font-size': 15,
                  'font-weight': 700,
                  fill: 'var(--text)',
                },
                lane.party,
              ),
              h('title', {}, `${lane.party} (${lane.kindLabel})`),
            ],
            lane.party,
          ),
        ),
      ]),
      h('g', { class: 'lanes' }, [
        ...layout.lanes.map((lane, i) =>
          h(
            'g',
            { class: 'lane', 'data-party': lane.party, transform: `translate(0,${lane.y})` },
            [
              h('rect', {
                x: layout.left,
                y: 2,
                width: layout.right - layout.left,
                height: LANE_H - 4,
                fill: i % 2 === 0 ? 'var(--surface-2)' : 'var(--surface)',
                rx: 4,
              }),
              ...(spoilersHidden
                ? []
                : lane.bands.map((band) =>
                    h('rect', {
                      class: `band level-${band.level}`,
                      x: band.x,
                      y: LANE_H - 11,
                      width: Math.max(1, band.x2 - band.x),
                      height: 7,
                      rx: 2,
                      fill: levelFill(prefix, band.level),
                    }),
                  )),
              ...lane.marks.map((m) =>
                h('rect', {
                  class: `mark level-${spoilersHidden ? 'hidden' : m.level}`,
                  x: m.x,
                  y: m.level === 'content' && !spoilersHidden ? 4 : 8,
                  width: 3,
                  height: m.level === 'content' && !spoilersHidden ? 18 : 12,
                  fill: levelOr(m.level),
                }),
              ),
            ],
            lane.party,
          ),
        ),
      ]),
      h('g', { class: 'traffic', transform: `translate(0,${layout.trafficY})` }, [
        h('rect', {
          x: layout.left,
          y: 0,
          width: layout.right - layout.left,
          height: TRAFFIC_H,
          fill: 'var(--surface-2)',
          rx: 4,
        }),
        ...layout.traffic.map((b) => {
          const hgt = Math.max(2, ((TRAFFIC_H - 6) * Math.sqrt(b.n)) / Math.sqrt(layout.trafficMax || 1));
          return h('rect', {
            x: b.x,
            y: TRAFFIC_H - 3 - hgt,
            width: 2.4,
            height: hgt,
            fill: levelOr(b.level),
          });
        }),
      ]),
      h('g', { class: 'steps' }, [
        ...layout.steps.map((s) =>
          h(
            'g',
            {
              class: 'step',
              'data-step': s.index,
              transform: `translate(${s.x},${STEPS_Y + s.tier * STEP_TIER})`,
            },
            [
              h('line', {
                y1: 11,
                y2: plotH + AXIS_Y - STEPS_Y - s.tier * STEP_TIER - 10,
                stroke: 'var(--accent)',
                'stroke-opacity': 0.25,
              }),
              s.compact
                ? h('line', { class: 'step-tick', y1: -8, y2: 8, stroke: 'var(--accent)', 'stroke-width': 2 })
                : h('circle', {
                    class: 'step-dot',
                    cy: 0,
                    r: 11,
                    fill: 'var(--surface)',
                    stroke: 'var(--accent)',
                    'stroke-width': 2,
                  }),
              s.compact
                ? null
                : h(
                    'text',
                    {
                      'text-anchor': 'middle',
                      dy: '0.35em',
                      'font-size': 12,
                      'font-weight': 750,
                      fill: 'var(--accent)',
                    },
                    String(s.index + 1),
                  ),
              h('title', {}, s.title),
            ],
            String(s.index),
          ),
        ),
      ]),
      ...(options.livePlayhead
        ? []
        : [
            h('rect', {
              class: 'future-shade',
              x: layout.right,
              y: AXIS_Y + 1,
              width: 0,
              height: layout.height - AXIS_Y - 1,
              fill: 'var(--bg)',
              'fill-opacity': 0.55,
              'pointer-events': 'none',
            }),
            h(
              'g',
              { class: 'playhead', transform: `translate(${layout.left},0)`, 'pointer-events': 'none' },
              [
                h('line', {
                  y1: AXIS_Y - 4,
                  y2: layout.height - 4,
                  stroke: 'var(--text)',
                  'stroke-width': 2,
                }),
                h('path', { d: 'M-7,8 L7,8 L7,18 L0,26 L-7,18 z', fill: 'var(--text)' }),
              ],
            ),
          ]),
    ],
  );
}

/** The playhead's x and the shade over what has not happened yet, at t. */
export function timelinePlayhead(
  layout: TimelineLayout,
  t: number,
): { x: number; shadeX: number; shadeW: number } {
  const x = timeToX(layout, t);
  return { x, shadeX: x, shadeW: Math.max(0, layout.right - x) };
}
