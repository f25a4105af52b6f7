// The static part of the network drawing as an SvgNode tree: trust-boundary boxes, links, tap lines and party
// nodes, plus empty layers the frame state (network-frame.ts) fills while the timeline plays. Built once per
// run and width; scrubbing only touches the dynamic layers. Pure.
import { levelDefs } from './level-marks.js';
import { NODE_R, type NetworkLayout, type NetNode } from './network-layout.js';
import { curvePath } from './geometry.js';
import { h, type SvgNode } from './svg-tree.js';

export interface NetworkSceneOptions {
  /** Prefix of the drawing's own ids (patterns, markers). */
  readonly prefix: string;
  readonly title: string;
}

/** Two letters for a node's badge: `alice` → `AL`, `meta-cloud` → `MC`. */
export function initials(id: string): string {
  const words = id.split(/[-_. ]+/).filter((w) => w.length > 0);
  if (words.length >= 2) return (words[0]![0]! + words[1]![0]!).toUpperCase();
  return id.slice(0, 2).toUpperCase();
}

const ADVERSARY_KINDS = new Set(['attacker', 'mod-vendor', 'law-enforcement']);

function nodeTree(node: NetNode, prefix: string): SvgNode {
  const adversary = ADVERSARY_KINDS.has(node.kind);
  return h(
    'g',
    {
      class: `node node-${node.group}${adversary ? ' node-adversary' : ''}`,
      'data-party': node.id,
      transform: `translate(${node.x},${node.y})`,
      role: 'button',
      tabindex: 0,
      'aria-label': `${node.id}, ${node.kindLabel}`,
      'data-label': `${node.id}, ${node.kindLabel}`,
    },
    [
      h('circle', { class: 'focus-ring', r: NODE_R + 7, fill: 'none' }),
      h('circle', {
        class: 'ring',
        r: NODE_R,
        fill: `url(#${prefix}-none)`,
        stroke: 'var(--border-strong)',
        'stroke-width': 2,
      }),
      h('circle', {
        class: 'core',
        r: NODE_R - 8,
        fill: adversary ? 'var(--danger-soft)' : 'var(--surface)',
      }),
      h(
        'text',
        {
          class: 'initials',
          'text-anchor': 'middle',
          dy: '0.35em',
          'font-size': 14,
          'font-weight': 750,
          fill: adversary ? 'var(--danger)' : 'var(--text)',
        },
        initials(node.id),
      ),
      h(
        'text',
        {
          class: 'name',
          'text-anchor': 'middle',
          y: NODE_R + 21,
          'font-size': 17,
          'font-weight': 700,
          fill: 'var(--text)',
        },
        node.id,
      ),
      h(
        'text',
        {
          class: 'kind',
          'text-anchor': 'middle',
          y: NODE_R + 39,
          'font-size': 13.5,
          fill: 'var(--text-muted)',
        },
        node.kindLabel,
      ),
      h(
        'text',
        {
          class: 'badge',
          'text-anchor': 'middle',
          y: NODE_R + 57,
          'font-size': 14,
          'font-weight': 650,
          fill: 'var(--text)',
        },
        '',
      ),
      h('title', {}, `${node.id} (${node.kindLabel}) — open through their eyes`),
    ],
    node.id,
  );
}

/** The network drawing for a layout. */
export function networkScene(layout: NetworkLayout, options: NetworkSceneOptions): SvgNode {
  const { prefix } = options;
  return h(
    'svg',
    {
      class: 'sl-network',
      'data-export': 'network',
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      width: layout.width,
      height: layout.height,
      role: 'group',
      'aria-label': options.title,
      'font-family': 'var(--font-sans)',
    },
    [
      h('title', {}, options.title),
      levelDefs(prefix),
      h(
        'g',
        { class: 'boxes' },
        layout.boxes.map((box) =>
          h(
            'g',
            { class: `box box-${box.id}` },
            [
              h('rect', {
                x: box.x,
                y: box.y,
                width: box.w,
                height: box.h,
                rx: 14,
                fill: box.id === 'adversary' ? 'var(--danger-soft)' : 'var(--surface-2)',
                'fill-opacity': box.id === 'adversary' ? 0.55 : 1,
                stroke: box.id === 'adversary' ? 'var(--danger)' : 'var(--border-strong)',
                'stroke-opacity': box.id === 'adversary' ? 0.6 : 1,
                'stroke-width': 1.5,
                'stroke-dasharray': '7 5',
              }),
              h(
                'text',
                {
                  x: box.x + 14,
                  y: box.y + 24,
                  'font-size': 13,
                  'font-weight': 750,
                  'letter-spacing': '0.07em',
                  fill: box.id === 'adversary' ? 'var(--danger)' : 'var(--text-muted)',
                },
                box.title.toUpperCase(),
              ),
            ],
            box.id,
          ),
        ),
      ),
      h(
        'g',
        { class: 'links', fill: 'none' },
        layout.links.map((link) =>
          h(
            'path',
            {
              class: `link link-${link.kind}`,
              'data-link': link.id,
              d: curvePath(link.curve),
              stroke: 'var(--border-strong)',
              'stroke-width': 2.5,
              'stroke-dasharray': link.kind === 'out-of-band' ? '2 7' : null,
              'stroke-linecap': 'round',
            },
            undefined,
            link.id,
          ),
        ),
      ),
      h(
        'g',
        { class: 'taps', fill: 'none' },
        layout.taps.map((tap) =>
          h(
            'line',
            {
              class: 'tap',
              'data-tap': tap.id,
              x1: tap.from.x,
              y1: tap.from.y,
              x2: tap.to.x,
              y2: tap.to.y,
              stroke: 'var(--text-faint)',
              'stroke-width': 1.5,
              'stroke-dasharray': '4 4',
            },
            undefined,
            tap.id,
          ),
        ),
      ),
      h(
        'g',
        { class: 'nodes' },
        layout.nodes.map((n) => nodeTree(n, prefix)),
      ),
    ],
  );
}

/**
 * The layer that moves: glows, packets and pulses, in a second <svg> of the same size laid over the drawing. It
 * is its own compositing layer, so a frame of animation repaints a few shapes, not the whole network.
 */
export function networkOverlay(layout: NetworkLayout): SvgNode {
  return h(
    'svg',
    {
      class: 'sl-network-overlay',
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      width: layout.width,
      height: layout.height,
      'aria-hidden': 'true',
    },
    [
      h('g', { class: 'glows', fill: 'none' }, []),
      h(
        'g',
        { class: 'pulses', fill: 'none' },
        layout.nodes.map((n) =>
          h(
            'circle',
            {
              class: 'pulse',
              'data-party': n.id,
              cx: n.x,
              cy: n.y,
              r: NODE_R,
              'stroke-width': 4,
              opacity: 0,
            },
            undefined,
            n.id,
          ),
        ),
      ),
      h('g', { class: 'packets' }, []),
    ],
  );
}
