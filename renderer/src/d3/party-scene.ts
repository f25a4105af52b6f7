// "Through their eyes" over time: for one party, a row per item it ever learned about, with a bar from the moment
// it first held something of the item, stepping up as it learned more (ciphertext → metadata → content). The
// playhead shows "now"; cards beside it (views/PartyView.vue) show the details at that moment. Pure.
import { observationLevel } from '../../../simulator/ledger/level.js';
import type { VisibilityLevel } from '../../../simulator/ledger/types.js';
import { LEVEL_RANK } from '../../../simulator/ledger/types.js';
import { formatVirtualShort } from '../model/format.js';
import { clip, shortItemName } from './items.js';
import { LEVEL_COLOR, levelDefs, levelFill } from './level-marks.js';
import type { RunIndex } from './run-index.js';
import { h, type SvgNode } from './svg-tree.js';
import { timeToX, type TimelineWindow } from './timeline-scene.js';

const LABEL_W = 210;
const ROW_H = 30;
const TOP = 34;

export interface KnowledgeRow {
  readonly item: string;
  readonly name: string;
  readonly label: string;
  readonly y: number;
  readonly segments: readonly { readonly x: number; readonly x2: number; readonly level: VisibilityLevel }[];
  /** Where content was first learned, if ever. */
  readonly contentX: number | null;
}

export interface KnowledgeLayout {
  readonly party: string;
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly window: TimelineWindow;
  readonly rows: readonly KnowledgeRow[];
  /** Items learned after the last drawn row (a long run has hundreds; the table lists them all). */
  readonly hiddenRows: number;
}

/** The rows of one party's knowledge over the window. */
export function knowledgeLayout(
  index: RunIndex,
  party: string,
  width: number,
  window: TimelineWindow,
  maxRows = 40,
): KnowledgeLayout {
  const left = LABEL_W;
  const right = Math.max(left + 80, width - 16);
  const base = { left, right, window };
  const list = index.byParty.get(party);
  const order: string[] = [];
  const steps = new Map<string, { t: number; level: number }[]>();
  for (const o of list?.obs ?? []) {
    let s = steps.get(o.item);
    if (!s) {
      s = [];
      steps.set(o.item, s);
      order.push(o.item);
    }
    const code = LEVEL_RANK[observationLevel(o.fields, o.how)];
    const best = s.length > 0 ? s[s.length - 1]!.level : -1;
    if (code > best) s.push({ t: o.t, level: code });
  }
  const byCode: VisibilityLevel[] = ['none', 'ciphertext', 'metadata', 'content'];
  const rows: KnowledgeRow[] = order.slice(0, maxRows).map((id, i) => {
    const item = index.items[index.itemCol.get(id)!]!;
    const s = steps.get(id)!;
    const segments = s.map((step, k) => ({
      x: timeToX(base, step.t),
      x2: k + 1 < s.length ? timeToX(base, s[k + 1]!.t) : right,
      level: byCode[step.level]!,
    }));
    const content = s.find((step) => step.level === 3);
    return {
      item: id,
      name: shortItemName(item, 16),
      label: item.label,
      y: TOP + i * ROW_H,
      segments,
      contentX: content ? timeToX(base, content.t) : null,
    };
  });
  return {
    party,
    width,
    height: TOP + rows.length * ROW_H + 10,
    left,
    right,
    window,
    rows,
    hiddenRows: order.length - rows.length,
  };
}

export interface KnowledgeSceneOptions {
  readonly prefix: string;
  readonly title: string;
  readonly spoilersHidden: boolean;
  /** Leave the playhead out (the view moves its own, see TimelineView). */
  readonly livePlayhead?: boolean;
}

export function knowledgeScene(layout: KnowledgeLayout, options: KnowledgeSceneOptions): SvgNode {
  const { prefix } = options;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const t = layout.window.from + f * (layout.window.to - layout.window.from);
    return { x: timeToX(layout, t), label: formatVirtualShort(t) };
  });
  return h(
    'svg',
    {
      class: 'sl-knowledge',
      'data-export': 'party',
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      width: layout.width,
      height: layout.height,
      'font-family': 'var(--font-sans)',
    },
    [
      h('title', {}, options.title),
      levelDefs(prefix),
      h(
        'g',
        { class: 'axis' },
        ticks.map((tick, i) =>
          h(
            'g',
            { transform: `translate(${tick.x},0)` },
            [
              h('line', {
                y1: 22,
                y2: layout.height - 6,
                stroke: 'var(--border)',
                'stroke-dasharray': '2 4',
              }),
              h(
                'text',
                {
                  y: 16,
                  'text-anchor': i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle',
                  'font-size': 12.5,
                  fill: 'var(--text-muted)',
                },
                tick.label,
              ),
            ],
            String(i),
          ),
        ),
      ),
      h(
        'g',
        { class: 'rows' },
        layout.rows.map((row) =>
          h(
            'g',
            { class: 'row', 'data-item': row.item, transform: `translate(0,${row.y})` },
            [
              h(
                'text',
                { x: 8, y: ROW_H / 2 + 5, 'font-size': 14.5, 'font-weight': 700, fill: 'var(--text)' },
                row.name,
              ),
              h('title', {}, row.label),
              ...(options.spoilersHidden
                ? [
                    h('rect', {
                      x: row.segments[0]?.x ?? layout.left,
                      y: 7,
                      width: Math.max(1, layout.right - (row.segments[0]?.x ?? layout.left)),
                      height: ROW_H - 14,
                      rx: 4,
                      fill: 'var(--surface-3)',
                    }),
                  ]
                : row.segments.map((seg) =>
                    h('rect', {
                      class: `seg level-${seg.level}`,
                      x: seg.x,
                      y: 7,
                      width: Math.max(2, seg.x2 - seg.x),
                      height: ROW_H - 14,
                      rx: 3,
                      fill: levelFill(prefix, seg.level),
                      stroke: LEVEL_COLOR[seg.level],
                      'stroke-width': 1,
                    }),
                  )),
              !options.spoilersHidden && row.contentX !== null
                ? h(
                    'text',
                    {
                      x: row.contentX + 6,
                      y: ROW_H / 2 + 5,
                      'font-size': 12.5,
                      'font-weight': 700,
                      fill: 'var(--level-ink)',
                    },
                    clip('reads it', 12),
                  )
                : null,
            ],
            row.item,
          ),
        ),
      ),
      ...(options.livePlayhead
        ? []
        : [
            h('rect', {
              class: 'future-shade',
              x: layout.right,
              y: 22,
              width: 0,
              height: layout.height - 22,
              fill: 'var(--bg)',
              'fill-opacity': 0.55,
            }),
            h('line', {
              class: 'playhead',
              x1: layout.left,
              x2: layout.left,
              y1: 20,
              y2: layout.height - 4,
              stroke: 'var(--text)',
              'stroke-width': 2,
            }),
          ]),
    ],
  );
}
