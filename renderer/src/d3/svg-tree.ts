// A drawing as plain data: every drawing module returns a tree of SvgNodes (tag, attributes, text, children,
// and a stable key), which render.ts joins onto a real <svg> with D3 and serializeSvg turns into text for
// snapshot tests and exports. Keeping drawings as data makes them pure functions of the run (STYLE.md:
// "drawing modules are pure functions of data") and lets tests run without a DOM.

export type AttrValue = string | number | boolean | null | undefined;

export interface SvgNode {
  readonly tag: string;
  /** Attributes; null/undefined/false are left out, true is written as an empty attribute. */
  readonly attrs: Readonly<Record<string, AttrValue>>;
  /** Text content (for <text>, <title>, <tspan>). */
  readonly text?: string;
  readonly children?: readonly SvgNode[];
  /** Stable identity among its siblings, for keyed updates; defaults to the `id` attribute or the index. */
  readonly key?: string;
}

/** Builds a node: `h('g', { class: 'nodes' }, [...])`, `h('text', { x: 1 }, 'label')`. */
export function h(
  tag: string,
  attrs: Readonly<Record<string, AttrValue>> = {},
  content?: readonly (SvgNode | null | false | undefined)[] | string,
  key?: string,
): SvgNode {
  const base: { tag: string; attrs: Readonly<Record<string, AttrValue>>; key?: string } = { tag, attrs };
  if (key !== undefined) base.key = key;
  if (typeof content === 'string') return { ...base, text: content };
  if (content === undefined) return base;
  return { ...base, children: content.filter((c): c is SvgNode => Boolean(c)) };
}

/** Rounds to `digits` decimals and drops a trailing `.0`, so snapshots do not flap on float noise. */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  const r = Math.round(value * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/** Numbers inside attribute strings (paths, transforms, points) rounded the same way. */
export function roundNumbersIn(value: string, digits = 1): string {
  return value.replace(/-?\d+\.\d+(?:e-?\d+)?/g, (m) => String(round(Number(m), digits)));
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

/** Attribute value as written: numbers rounded, booleans as presence. */
export function attrText(value: AttrValue, digits = 1): string | null {
  if (value === null || value === undefined || value === false) return null;
  if (value === true) return '';
  if (typeof value === 'number') return String(round(value, digits));
  return roundNumbersIn(value, digits);
}

export interface SerializeOptions {
  /** Decimals kept in numbers (default 2: float noise gone, opacities and em sizes intact). */
  readonly digits?: number;
  /** Indent children (default true): one element per line reads well in snapshot diffs. */
  readonly pretty?: boolean;
}

/** The tree as SVG markup with attributes in written order and numbers rounded; deterministic. */
export function serializeSvg(node: SvgNode, options: SerializeOptions = {}): string {
  const digits = options.digits ?? 2;
  const pretty = options.pretty ?? true;
  const lines: string[] = [];
  const walk = (n: SvgNode, depth: number): string => {
    const attrs = Object.entries(n.attrs)
      .map(([k, v]) => [k, attrText(v, digits)] as const)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => (v === '' ? ` ${k}` : ` ${k}="${escapeAttr(v!)}"`))
      .join('');
    const open = `<${n.tag}${attrs}`;
    const pad = pretty ? '  '.repeat(depth) : '';
    if (n.text !== undefined) return `${pad}${open}>${escapeText(n.text)}</${n.tag}>`;
    const kids = n.children ?? [];
    if (kids.length === 0) return `${pad}${open}/>`;
    if (!pretty) return `${open}>${kids.map((k) => walk(k, 0)).join('')}</${n.tag}>`;
    return [`${pad}${open}>`, ...kids.map((k) => walk(k, depth + 1)), `${pad}</${n.tag}>`].join('\n');
  };
  lines.push(walk(node, 0));
  return lines.join('\n');
}

/** Depth-first search for the first node with this `id` attribute (tests and views look parts up by id). */
export function findById(node: SvgNode, id: string): SvgNode | undefined {
  if (node.attrs.id === id) return node;
  for (const child of node.children ?? []) {
    const found = findById(child, id);
    if (found) return found;
  }
  return undefined;
}

/** Every node with this tag, depth first. */
export function findAll(node: SvgNode, predicate: (n: SvgNode) => boolean, out: SvgNode[] = []): SvgNode[] {
  if (predicate(node)) out.push(node);
  for (const child of node.children ?? []) findAll(child, predicate, out);
  return out;
}
