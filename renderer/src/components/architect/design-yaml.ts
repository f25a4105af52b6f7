// The design form reads and writes the YAML text itself, through the yaml library's Document model, so a form
// change touches one value and keeps everything else the user wrote (comments, key order, fields the form does not
// know). The text stays the single source of truth: the form never holds a copy that could disagree with it, and a
// value the design schema refuses is still written, so the user's input is kept and the validator can point at it.
// Pure (no DOM), unit-tested in tests/unit/architect-yaml.test.ts.
import { isScalar, LineCounter, parseDocument, stringify } from 'yaml';
import type { DesignAxis, DesignProblem } from '../../../../electron/contract-design.js';

export type AxisValue = string | number | boolean | null;

export type ReadOutcome =
  | { ok: true; values: Record<string, AxisValue> }
  | { ok: false; problem: { message: string; line: number | null; column: number | null } };

function parse(text: string) {
  return parseDocument(text, { prettyErrors: false, keepSourceTokens: false });
}

/** Every axis's value in `text` (its default where the text leaves it out), or the YAML syntax error. */
export function readAxes(text: string, axes: readonly DesignAxis[]): ReadOutcome {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter });
  const err = doc.errors[0];
  if (err) {
    const pos = lineCounter.linePos(err.pos[0]);
    return {
      ok: false,
      problem: { message: err.message.split('\n')[0]!, line: pos.line, column: pos.col },
    };
  }
  const values: Record<string, AxisValue> = {};
  for (const axis of axes) {
    const node = doc.getIn(axis.path, true);
    if (node === undefined) values[axis.id] = axis.default;
    else if (isScalar(node)) values[axis.id] = (node.value ?? null) as AxisValue;
    else values[axis.id] = String(doc.getIn(axis.path));
  }
  return { ok: true, values };
}

/**
 * What a form control's raw input means for an axis: numbers where the axis is numeric and the text is one,
 * otherwise the text as typed (so a typo is kept and reported, not dropped).
 */
export function coerce(axis: DesignAxis, raw: string | boolean): AxisValue {
  if (typeof raw === 'boolean') return raw;
  if (axis.kind === 'number') {
    const trimmed = raw.trim();
    if (trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
    return raw;
  }
  return raw;
}

/** `text` with one axis set to `value`, everything else untouched. @throws Error if the text is not YAML. */
export function writeAxis(text: string, axis: DesignAxis, value: AxisValue): string {
  const doc = parse(text);
  if (doc.errors.length > 0) throw new Error('The YAML has a syntax error; fix it before using the form.');
  // An emptied optional axis (retention days: kept indefinitely) is taken out of the document, not written as null.
  if (value === null || (value === '' && axis.default === null)) {
    doc.deleteIn(axis.path);
    return doc.toString();
  }
  // A value already in the text is replaced in place, byte for byte around it (spacing, comments, quoting of
  // everything else); only a new key goes through the Document model.
  const node = doc.getIn(axis.path, true);
  if (isScalar(node) && node.range) {
    const [start, end] = node.range;
    return text.slice(0, start) + stringify(value).trimEnd() + text.slice(end);
  }
  doc.setIn(axis.path, value);
  return doc.toString();
}

/** The text with one top-level field (`id`, `title`) set, everything else untouched; unchanged if not YAML. */
export function writeField(text: string, key: string, value: string): string {
  const doc = parse(text);
  if (doc.errors.length > 0) return text;
  const node = doc.get(key, true);
  if (isScalar(node) && node.range) {
    const [start, end] = node.range;
    return text.slice(0, start) + stringify(value).trimEnd() + text.slice(end);
  }
  doc.set(key, value);
  return doc.toString();
}

/** A top-level string field of the text (`id`, `title`), or '' when absent or not YAML. */
export function readField(text: string, key: string): string {
  const doc = parse(text);
  if (doc.errors.length > 0) return '';
  const v = doc.get(key);
  return v === undefined || v === null ? '' : String(v);
}

/** The text with the document's `id` (and `title`) replaced: "Save as" a preset under the user's own id. */
export function renameDesign(text: string, id: string, title: string): string {
  const doc = parse(text);
  if (doc.errors.length > 0) return text;
  doc.set('id', id);
  doc.set('title', title);
  return doc.toString();
}

/** Problems by axis id: a problem belongs to the axis whose path is its path or a prefix of it. */
export function problemsByAxis(
  problems: readonly DesignProblem[],
  axes: readonly DesignAxis[],
): { byAxis: Map<string, DesignProblem[]>; other: DesignProblem[] } {
  const byAxis = new Map<string, DesignProblem[]>();
  const other: DesignProblem[] = [];
  for (const p of problems) {
    const axis = axes
      .filter((a) => {
        const dotted = a.path.join('.');
        return p.path === dotted || p.path.startsWith(`${dotted}.`) || p.path.startsWith(`${dotted}[`);
      })
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (axis) byAxis.set(axis.id, [...(byAxis.get(axis.id) ?? []), p]);
    else other.push(p);
  }
  return { byAxis, other };
}

/** Axes in form order, grouped by their `group`. */
export function groupAxes(axes: readonly DesignAxis[]): { group: string; axes: DesignAxis[] }[] {
  const out: { group: string; axes: DesignAxis[] }[] = [];
  for (const axis of axes) {
    let g = out.find((x) => x.group === axis.group);
    if (!g) out.push((g = { group: axis.group, axes: [] }));
    g.axes.push(axis);
  }
  return out;
}

/** Whether an axis matters given the other values (its `when` condition). */
export function axisApplies(axis: DesignAxis, values: Record<string, AxisValue>): boolean {
  if (!axis.when) return true;
  return axis.when.values.includes(String(values[axis.when.axis]));
}
