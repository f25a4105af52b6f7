/**
 * The diff of two visibility matrices (two variants, or two saved runs): which cells changed, the
 * level before and after, and why — the fields and hows that appeared or disappeared. A cell whose
 * level is unchanged but whose fields or hows differ is reported as `changed`.
 */
import { visibilityMatrix, type MatrixCell, type VisibilityMatrix } from './matrix.js';
import { LEVEL_RANK, type Field, type LedgerData, type VisibilityLevel } from './types.js';

export interface CellChange {
  readonly party: string;
  readonly item: string;
  readonly before: VisibilityLevel;
  readonly after: VisibilityLevel;
  /** `gained`: sees more in B; `lost`: sees less; `changed`: same level, different fields or hows. */
  readonly change: 'gained' | 'lost' | 'changed';
  readonly fieldsAdded: readonly Field[];
  readonly fieldsRemoved: readonly Field[];
  readonly howsAdded: readonly string[];
  readonly howsRemoved: readonly string[];
}

export interface MatrixDiff {
  readonly changes: readonly CellChange[];
  /** Non-empty cells identical in both. */
  readonly unchanged: number;
  /** Item ids present in only one side. */
  readonly itemsOnlyInA: readonly string[];
  readonly itemsOnlyInB: readonly string[];
}

/** Compares matrix `a` (before) with `b` (after); pure. */
export function diffMatrices(a: VisibilityMatrix, b: VisibilityMatrix): MatrixDiff {
  const parties = union(a.parties, b.parties);
  const items = union(
    a.items.map((i) => i.id),
    b.items.map((i) => i.id),
  );
  const cellsA = index(a.cells);
  const cellsB = index(b.cells);
  const changes: CellChange[] = [];
  let unchanged = 0;
  for (const party of parties) {
    for (const item of items) {
      const key = cellKey(party, item);
      const before = cellsA.get(key);
      const after = cellsB.get(key);
      if (before === undefined && after === undefined) continue;
      const change = compare(party, item, before, after);
      if (change === undefined) unchanged++;
      else changes.push(change);
    }
  }
  const idsA = new Set(a.items.map((i) => i.id));
  const idsB = new Set(b.items.map((i) => i.id));
  return {
    changes,
    unchanged,
    itemsOnlyInA: [...idsA].filter((id) => !idsB.has(id)),
    itemsOnlyInB: [...idsB].filter((id) => !idsA.has(id)),
  };
}

/** Diff of two ledgers' matrices; `parties` fixes the row order. */
export function diffLedgers(a: LedgerData, b: LedgerData, parties?: readonly string[]): MatrixDiff {
  const options = parties === undefined ? {} : { parties };
  return diffMatrices(visibilityMatrix(a, options), visibilityMatrix(b, options));
}

function compare(
  party: string,
  item: string,
  a: MatrixCell | undefined,
  b: MatrixCell | undefined,
): CellChange | undefined {
  const before = a?.level ?? 'none';
  const after = b?.level ?? 'none';
  const fieldsA = a?.fields ?? [];
  const fieldsB = b?.fields ?? [];
  const howsA = a?.hows ?? [];
  const howsB = b?.hows ?? [];
  const fieldsAdded = fieldsB.filter((f) => !fieldsA.includes(f));
  const fieldsRemoved = fieldsA.filter((f) => !fieldsB.includes(f));
  const howsAdded = howsB.filter((h) => !howsA.includes(h));
  const howsRemoved = howsA.filter((h) => !howsB.includes(h));
  const rankDelta = LEVEL_RANK[after] - LEVEL_RANK[before];
  if (
    rankDelta === 0 &&
    fieldsAdded.length + fieldsRemoved.length + howsAdded.length + howsRemoved.length === 0
  ) {
    return undefined;
  }
  const change = rankDelta > 0 ? 'gained' : rankDelta < 0 ? 'lost' : 'changed';
  return { party, item, before, after, change, fieldsAdded, fieldsRemoved, howsAdded, howsRemoved };
}

function index(cells: readonly MatrixCell[]): Map<string, MatrixCell> {
  return new Map(cells.map((c) => [cellKey(c.party, c.item), c]));
}

function cellKey(party: string, item: string): string {
  return `${party}\u0000${item}`;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  const out = [...a];
  const seen = new Set(a);
  for (const x of b) {
    if (seen.has(x)) continue;
    out.push(x);
    seen.add(x);
  }
  return out;
}
