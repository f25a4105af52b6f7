/**
 * Reads scenario YAML keeping positions: every node's line and column is indexed by its path so
 * any problem — a YAML syntax error, a zod issue, a dangling reference, a failed expectation — can
 * be reported at the exact spot in the author's file.
 */
import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Alias,
  type Document,
  type Node,
  type YAMLError,
} from 'yaml';
import type { ScenarioProblem } from './errors.js';
import { formatPath, type Path, type PathSegment } from './paths.js';
import type { SourceLocation } from './source-location.js';

export type { SourceLocation } from './source-location.js';

/** Where a node's value starts and, for mapping values, where its key is. */
export interface NodeLocation extends SourceLocation {
  key?: SourceLocation;
  /** The source text of a short non-string scalar (`+15550100`), for "put it in quotes" hints. */
  source?: string;
}

/** Formatted path (`steps[3].send.to`) → location. Plain data, so it can cross a worker boundary. */
export type LocationIndex = Readonly<Record<string, NodeLocation>>;

export interface YamlSource {
  /** The document as plain data; undefined when the YAML could not be read. */
  data: unknown;
  /** YAML problems (syntax, duplicate keys, empty file). */
  problems: ScenarioProblem[];
  locations: LocationIndex;
}

/**
 * Upper bound on alias expansion (guards against "billion laughs" documents), as the yaml library
 * counts it (`maxAliasCount`): each use of an anchor counts the aliases nested inside it, so ten uses
 * of an anchor that itself holds ten aliases count 100.
 */
export const MAX_ALIAS_COUNT = 100;

/** Parses YAML text; never throws. */
export function readYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problems: ScenarioProblem[] = withoutFollowOns(doc.errors).map((error) => ({
    file,
    ...at(error.pos[0]),
    path: '',
    code: 'yaml',
    message: yamlMessage(error, text, at),
  }));
  const locations: Record<string, NodeLocation> = {};
  if (doc.contents) indexNode(doc.contents, [], undefined, locations, at);

  // Duplicate keys leave a usable document (the last value wins); anything else does not.
  const fatal = doc.errors.some((error) => error.code !== 'DUPLICATE_KEY');
  if (fatal) return { data: undefined, problems, locations };
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    problems.push({
      file,
      line: 1,
      column: 1,
      path: '',
      code: 'empty',
      message: 'the file is empty — a scenario starts with `sightline: 1`',
    });
    return { data: undefined, problems, locations };
  }
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), problems, locations };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push({ file, path: '', ...aliasProblem(doc, reason, at) });
    return { data: undefined, problems, locations };
  }
}

/**
 * The problem for a document whose aliases the yaml library refused to expand, at the alias where the
 * count went over the limit.
 */
function aliasProblem(
  doc: Document,
  reason: string,
  at: (offset: number) => SourceLocation,
): SourceLocation & { code: 'limit' | 'yaml'; message: string } {
  const culprit = /excessive alias count/i.test(reason) ? aliasOverLimit(doc, MAX_ALIAS_COUNT) : undefined;
  if (culprit === undefined) {
    // Another refusal, e.g. `*name` with no `&name` before it: point at that alias.
    const name = /: (\S+)$/.exec(reason)?.[1];
    const where = firstAlias(doc, name) ?? firstAlias(doc);
    return {
      ...(where ? at(where.range?.[0] ?? 0) : { line: 1, column: 1 }),
      code: 'yaml',
      message: `YAML aliases: ${lowerFirst(reason)}`,
    };
  }
  return {
    ...at(culprit.range?.[0] ?? 0),
    code: 'limit',
    message:
      `too many YAML aliases: expanding '*${culprit.source}' here goes over the limit of ` +
      `${MAX_ALIAS_COUNT} alias expansions (anchors nested in anchors multiply) — refused as a possible ` +
      '"billion laughs" file; a scenario never needs that many',
  };
}

/** The first alias in the document (of anchor `name`, if given). */
function firstAlias(doc: Document, name?: string): Alias | undefined {
  let found: Alias | undefined;
  const walk = (node: unknown): void => {
    if (found !== undefined) return;
    if (isAlias(node)) {
      if (name === undefined || node.source === name) found = node;
    } else if (isPair(node)) {
      walk(node.key);
      walk(node.value);
    } else if (isCollection(node)) for (const item of node.items) walk(item);
  };
  walk(doc.contents);
  return found;
}

/**
 * The alias at which the yaml library's `maxAliasCount` check fails, found with the same accounting
 * (yaml/dist/nodes/Alias.js): walking the document in order, each alias adds one use to its anchor,
 * and fails once uses × (aliases nested in the anchor, counted the same way) exceeds `max`.
 */
function aliasOverLimit(doc: Document, max: number): Alias | undefined {
  const anchors = new Map<string, Node>();
  const data = new Map<Node, { count: number; aliasCount: number }>();
  const nested = (node: unknown): number => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const entry = target === undefined ? undefined : data.get(target);
      return entry ? entry.count * entry.aliasCount : 0;
    }
    if (isPair(node)) return Math.max(nested(node.key), nested(node.value));
    if (isCollection(node)) return Math.max(0, ...node.items.map(nested));
    return 1;
  };
  const walk = (node: unknown): Alias | undefined => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const entry = target === undefined ? undefined : data.get(target);
      if (target === undefined || entry === undefined) return undefined;
      entry.count += 1;
      if (entry.aliasCount === 0) entry.aliasCount = nested(target);
      return entry.count * entry.aliasCount > max ? node : undefined;
    }
    if ((isScalar(node) || isCollection(node)) && node.anchor) {
      anchors.set(node.anchor, node);
      data.set(node, { count: 1, aliasCount: 0 });
    }
    if (isPair(node)) return walk(node.key) ?? walk(node.value);
    if (isCollection(node)) {
      for (const item of node.items) {
        const found = walk(item);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(doc.contents);
}

/**
 * A tab used as indentation derails the parser, which then reports every later line as a new
 * syntax error; the tab is the only problem worth showing. Keeps the errors before the first tab
 * and that one (later tab lines are named in its message).
 */
function withoutFollowOns(errors: readonly YAMLError[]): YAMLError[] {
  const tab = errors.find((error) => error.code === 'TAB_AS_INDENT');
  if (tab === undefined) return [...errors];
  return errors.filter((error) => error === tab || error.pos[0] < tab.pos[0]);
}

function indexNode(
  node: Node,
  path: PathSegment[],
  key: SourceLocation | undefined,
  out: Record<string, NodeLocation>,
  at: (offset: number) => SourceLocation,
): void {
  const start = node.range?.[0] ?? 0;
  const entry: NodeLocation = key ? { ...at(start), key } : at(start);
  if (
    isScalar(node) &&
    typeof node.value !== 'string' &&
    node.source !== undefined &&
    String(node.source).length <= 40
  ) {
    entry.source = String(node.source);
  }
  out[formatPath(path)] = entry;
  if (isAlias(node)) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const name = isScalar(keyNode) ? String(keyNode.value) : undefined;
      if (name === undefined || !keyNode) continue;
      const keyLocation = at(keyNode.range?.[0] ?? start);
      const valueNode = pair.value as Node | null;
      if (valueNode) indexNode(valueNode, [...path, name], keyLocation, out, at);
      else out[formatPath([...path, name])] = { ...keyLocation, key: keyLocation };
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      if (item && typeof item === 'object' && 'range' in item)
        indexNode(item as Node, [...path, index], undefined, out, at);
    });
  }
}

/**
 * The location for a problem at `path`: the value's position (or the key's, with `prefer: 'key'`).
 * A path that is not in the file (a missing field) falls back to its nearest existing parent —
 * at the parent's key when it has one, so "missing `to`" points at the `send:` line.
 */
export function locate(index: LocationIndex, path: Path, prefer: 'value' | 'key' = 'value'): SourceLocation {
  const exact = index[formatPath(path)];
  if (exact) return prefer === 'key' && exact.key ? exact.key : { line: exact.line, column: exact.column };
  for (let length = path.length - 1; length >= 0; length--) {
    const parent = index[formatPath(path.slice(0, length))];
    if (parent) return parent.key ?? { line: parent.line, column: parent.column };
  }
  return { line: 1, column: 1 };
}

function yamlMessage(error: YAMLError, text: string, at: (offset: number) => SourceLocation): string {
  const snippet = text.slice(error.pos[0], Math.min(error.pos[1], error.pos[0] + 40)).trim();
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return `the key '${keyAt(text, error.pos[0])}' appears twice in the same block — remove or rename one`;
    case 'TAB_AS_INDENT':
      return `tabs cannot indent YAML — use spaces${otherTabLines(text, at(error.pos[0]).line)}`;
    case 'MULTIPLE_DOCS':
      return 'a scenario file holds one document — remove the `---` separator or split the file';
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'a value containing `: ` must be quoted (e.g. text: "note: this")';
    case 'MISSING_CHAR':
      return `YAML syntax: ${lowerFirst(error.message)}`;
    case 'BAD_INDENT':
      return `bad indentation: ${lowerFirst(error.message)}`;
    default:
      return `YAML syntax: ${lowerFirst(error.message)}${snippet ? ` (near '${snippet}')` : ''}`;
  }
}

/** ` (tabs also indent lines 9 and 12)` for the other lines that start with a tab, or nothing. */
function otherTabLines(text: string, first: number): string {
  const lines: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (i + 1 !== first && /^ *\t/.test(line)) lines.push(i + 1);
  });
  if (lines.length === 0) return '';
  const shown = lines.slice(0, 5).join(', ') + (lines.length > 5 ? ` and ${lines.length - 5} more` : '');
  return ` (tabs also indent line${lines.length === 1 ? '' : 's'} ${shown})`;
}

function keyAt(text: string, offset: number): string {
  const match = /^[^:\n]*/.exec(text.slice(offset));
  return (match?.[0] ?? '').trim().replace(/^["']|["']$/g, '');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
