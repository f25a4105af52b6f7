// Puts an SvgNode tree (svg-tree.ts) into the page with D3's keyed data join: elements are matched to nodes by
// key, so re-rendering after a resize updates attributes in place instead of rebuilding the drawing, and focus
// stays on the element that had it. The only module in d3/ that needs a DOM (besides the *-apply.ts updaters).
import { select } from 'd3';
import type { SvgNode } from './svg-tree.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const previous = new WeakMap<Element, Readonly<Record<string, unknown>>>();

function keyOf(node: SvgNode, i: number): string {
  const id = node.key ?? (typeof node.attrs.id === 'string' ? node.attrs.id : `#${i}`);
  return `${node.tag}:${id}`;
}

function applyAttrs(el: Element, node: SvgNode): void {
  const before = previous.get(el);
  if (before) {
    for (const name of Object.keys(before)) if (!(name in node.attrs)) el.removeAttribute(name);
  }
  for (const [name, value] of Object.entries(node.attrs)) {
    if (value === null || value === undefined || value === false) {
      el.removeAttribute(name);
      continue;
    }
    const text = value === true ? '' : String(value);
    if (el.getAttribute(name) !== text) el.setAttribute(name, text);
  }
  previous.set(el, node.attrs);
  if (node.text !== undefined && el.textContent !== node.text) el.textContent = node.text;
}

/** Renders `nodes` as the children of `parent`, reusing elements with the same tag and key. */
export function renderChildren(parent: Element, nodes: readonly SvgNode[]): void {
  const doc = parent.ownerDocument;
  select(parent)
    .selectChildren<Element, SvgNode>()
    .data(nodes, function (this: Element | SvgNode[], d: SvgNode, i: number) {
      return keyOf(d, i);
    })
    .join(
      (enter) => enter.append((d) => doc.createElementNS(SVG_NS, d.tag)),
      (update) => update,
      (exit) => exit.remove(),
    )
    .order()
    .each(function (this: Element, d: SvgNode) {
      applyAttrs(this, d);
      if (d.text === undefined) renderChildren(this, d.children ?? []);
    });
}

/** Renders a whole drawing into `container` (which holds nothing else) and returns its root <svg>. */
export function renderSvg(container: Element, tree: SvgNode): SVGSVGElement {
  renderChildren(container, [tree]);
  return container.firstElementChild as SVGSVGElement;
}
