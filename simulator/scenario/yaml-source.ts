/**
 * Reads scenario YAML keeping positions: every node's line and column is indexed by its path so
 * any problem — a YAML syntax error, a zod issue, a dangling reference, a failed expectation — can
 * be reported at the exact spot in the author's file.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLError } from 'yaml';
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

/** Upper bound on alias expansion (guards against "billion laughs" documents). */
const MAX_ALIAS_COUNT = 100;

/** Parses YAML text; never throws. */
export function readYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problems: ScenarioProblem[] = doc.errors.map((error) => ({
    file,
    ...at(error.pos[0]),
    path: '',
    code: 'yaml',
    message: yamlMessage(error, text),
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
    problems.push({ file, line: 1, column: 1, path: '', code: 'yaml', message: `YAML aliases: ${reason}` });
    return { data: undefined, problems, locations };
  }
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

function yamlMessage(error: YAMLError, text: string): string {
  const snippet = text.slice(error.pos[0], Math.min(error.pos[1], error.pos[0] + 40)).trim();
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return `the key '${keyAt(text, error.pos[0])}' appears twice in the same block — remove or rename one`;
    case 'TAB_AS_INDENT':
      return 'tabs cannot indent YAML — use spaces';
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

function keyAt(text: string, offset: number): string {
  const match = /^[^:\n]*/.exec(text.slice(offset));
  return (match?.[0] ?? '').trim().replace(/^["']|["']$/g, '');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
