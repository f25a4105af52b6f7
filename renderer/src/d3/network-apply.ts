// Applies a NetworkFrame (network-frame.ts) to a drawn network: joins packets and glows by id in the overlay
// layer, and touches a party node in the drawing only when its ring level or badge changed. Called once per animation frame while
// the timeline plays or scrubs; never re-lays out.
import { select } from 'd3';
import type { VisibilityLevel } from '../../../simulator/ledger/types.js';
import { LEVEL_COLOR, LEVEL_DASH, levelFill, packetPath } from './level-marks.js';
import type { GlowState, NetworkFrame, NodeState, PacketState } from './network-frame.js';

const PACKET_R = 8;

/** What was last written to each node, so unchanged nodes cost nothing. */
export type NodeMemo = Map<string, string>;

function color(level: VisibilityLevel | null): string {
  return level ? LEVEL_COLOR[level] : 'var(--text-faint)';
}

/**
 * @param svg the drawing (nodes, taps)
 * @param overlay the moving layer over it (network-scene.ts networkOverlay: glows, packets, pulses)
 */
export function applyNetworkFrame(
  svg: SVGSVGElement,
  overlay: SVGSVGElement,
  frame: NetworkFrame,
  prefix: string,
  memo: NodeMemo,
): void {
  const root = select(svg);
  const top = select(overlay);
  top
    .select<SVGGElement>('g.glows')
    .selectAll<SVGPathElement, GlowState>('path.glow')
    .data(frame.glows, (d) => d.id)
    .join((enter) => enter.append('path').attr('class', 'glow').attr('stroke-linecap', 'round'))
    .attr('d', (d) => d.d)
    .attr('stroke', (d) => color(d.level))
    .attr('stroke-width', (d) => (d.level === 'content' ? 6 : d.level ? 5 : 3))
    .attr('stroke-dasharray', (d) => (d.level ? LEVEL_DASH[d.level] : '2 6'))
    .attr('opacity', (d) => d.opacity)
    .attr('marker-end', (d) => (d.arrived ? `url(#${prefix}-arrow-${d.level ?? 'none'})` : null));

  top
    .select<SVGGElement>('g.packets')
    .selectAll<SVGPathElement, PacketState>('path.packet')
    .data(frame.packets, (d) => d.id)
    .join((enter) =>
      enter
        .append('path')
        .attr('class', 'packet')
        .attr('stroke', 'var(--surface)')
        .attr('stroke-width', 2)
        .call((p) => p.append('title')),
    )
    .attr('d', (d) => packetPath(d.level, PACKET_R))
    .attr('transform', (d) => `translate(${Math.round(d.x * 10) / 10},${Math.round(d.y * 10) / 10})`)
    .attr('fill', (d) => (d.level && d.level !== 'none' ? color(d.level) : 'var(--surface)'))
    .attr('stroke', (d) => (d.level && d.level !== 'none' ? 'var(--surface)' : 'var(--text-muted)'))
    .attr('opacity', (d) => (d.lost ? 0.45 : 1))
    .select('title')
    .text((d) => d.label);

  const active = new Set(frame.activeTaps);
  root.selectAll<SVGLineElement, unknown>('line.tap').classed('active', function () {
    return active.has(this.getAttribute('data-tap') ?? '');
  });

  const byId = new Map<string, NodeState>(frame.nodes.map((n) => [n.id, n]));
  top.selectAll<SVGCircleElement, unknown>('circle.pulse').each(function () {
    const p = byId.get(this.getAttribute('data-party') ?? '')?.pulse ?? null;
    const sig = p ? `${p.level}|${Math.round(p.r)}|${Math.round(p.opacity * 20)}` : '';
    if (this.dataset.sig === sig) return;
    this.dataset.sig = sig;
    select(this)
      .attr('r', p ? p.r : 27)
      .attr('stroke', p ? LEVEL_COLOR[p.level] : 'none')
      .attr('opacity', p ? p.opacity : 0);
  });
  // Nodes live in the drawing: touch one only when its ring or badge changed (rarely, compared with frames).
  root.selectAll<SVGGElement, unknown>('g.node').each(function () {
    const id = this.getAttribute('data-party') ?? '';
    const state = byId.get(id);
    if (!state) return;
    const sig = `${state.level}|${state.badge}`;
    if (memo.get(id) === sig) return;
    memo.set(id, sig);
    const g = select(this);
    g.select('circle.ring')
      .attr('fill', levelFill(prefix, state.level))
      .attr('stroke', state.level === 'none' ? 'var(--border-strong)' : LEVEL_COLOR[state.level]);
    g.select('text.badge').text(state.badge);
    g.attr(
      'aria-label',
      `${g.attr('data-label') ?? id}: ${state.badge || 'hidden while presenting'}. Open through their eyes`,
    );
  });
}
