// Two runs side by side: the union of their parties and items (so rows and columns line up), the changed cells
// from the ledger diff, and each change explained in words — "mallory · m3: Reads content → Nothing (no longer
// decrypted with session …)". Uses the service's diff when it is the engine's MatrixDiff, else computes the same
// diff here from the two stored matrices. Pure.
import { diffMatrices, type CellChange, type MatrixDiff } from '../../../simulator/ledger/diff.js';
import type { VisibilityMatrix } from '../../../simulator/ledger/matrix.js';
import type { ItemSummary, VisibilityLevel } from '../../../simulator/ledger/types.js';
import { LEVEL_STYLES } from '../model/visibility.js';
import type { MatrixShape } from './matrix-scene.js';

export interface CompareSide {
  readonly matrix: VisibilityMatrix;
  readonly parties: readonly string[];
  readonly partyKinds: ReadonlyMap<string, string>;
}

export interface ExplainedChange extends CellChange {
  /** `mallory · m3` */
  readonly where: string;
  /** `Reads content → Nothing` */
  readonly levels: string;
  /** Why, from the fields and hows that appeared or went away. */
  readonly because: string;
}

export interface Comparison {
  readonly shape: MatrixShape;
  readonly diff: MatrixDiff;
  readonly changes: readonly ExplainedChange[];
  /** `<party>|<item>` → change, for highlighting cells. */
  readonly changed: ReadonlyMap<string, CellChange['change']>;
  readonly gained: number;
  readonly lost: number;
}

function isMatrixDiff(value: unknown): value is MatrixDiff {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    Array.isArray(v.changes) &&
    typeof v.unchanged === 'number' &&
    Array.isArray(v.itemsOnlyInA) &&
    Array.isArray(v.itemsOnlyInB)
  );
}

function union<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): T[] {
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((x) => !seen.has(key(x)))];
}

function levelWord(level: VisibilityLevel): string {
  return LEVEL_STYLES[level].label;
}

/** One change in words. */
export function explainChange(change: CellChange): ExplainedChange {
  const reasons: string[] = [];
  if (change.howsAdded.length > 0) reasons.push(`now ${change.howsAdded.join('; ')}`);
  if (change.howsRemoved.length > 0) reasons.push(`no longer ${change.howsRemoved.join('; ')}`);
  if (change.fieldsAdded.length > 0) reasons.push(`learns ${change.fieldsAdded.join(', ')}`);
  if (change.fieldsRemoved.length > 0) reasons.push(`no longer learns ${change.fieldsRemoved.join(', ')}`);
  return {
    ...change,
    where: `${change.party} · ${change.item}`,
    levels:
      change.before === change.after
        ? `${levelWord(change.after)} (different route)`
        : `${levelWord(change.before)} → ${levelWord(change.after)}`,
    because: reasons.length > 0 ? reasons.join('; ') : 'same fields and hows',
  };
}

/** Compares run `a` (before) with `b` (after); `serviceDiff` is the service's ledgerDiff, used when well-formed. */
export function compareRuns(a: CompareSide, b: CompareSide, serviceDiff: unknown): Comparison {
  const diff = isMatrixDiff(serviceDiff) ? serviceDiff : diffMatrices(a.matrix, b.matrix);
  const parties = union(
    union(a.parties, b.parties, (p) => p),
    union(a.matrix.parties, b.matrix.parties, (p) => p),
    (p) => p,
  );
  const kinds = new Map<string, string>();
  for (const p of parties) kinds.set(p, a.partyKinds.get(p) ?? b.partyKinds.get(p) ?? 'unknown');
  const items: ItemSummary[] = union(a.matrix.items, b.matrix.items, (i) => i.id);
  const changes = diff.changes.map(explainChange);
  // Most telling first: who gained content, then lost content, then the rest; stable by party and item.
  const weight = (c: CellChange) =>
    c.after === 'content'
      ? 0
      : c.before === 'content'
        ? 1
        : c.change === 'gained'
          ? 2
          : c.change === 'lost'
            ? 3
            : 4;
  const ordered = changes
    .map((c, i) => ({ c, i }))
    .sort((x, y) => weight(x.c) - weight(y.c) || x.i - y.i)
    .map((x) => x.c);
  return {
    shape: { parties, kinds, items },
    diff,
    changes: ordered,
    changed: new Map(diff.changes.map((c) => [`${c.party}|${c.item}`, c.change])),
    gained: diff.changes.filter((c) => c.change === 'gained').length,
    lost: diff.changes.filter((c) => c.change === 'lost').length,
  };
}

/** A matrix's level lookup for a compare side. */
export function matrixLevels(matrix: VisibilityMatrix): (party: string, item: string) => VisibilityLevel {
  const cells = new Map(matrix.cells.map((c) => [`${c.party}|${c.item}`, c.level]));
  return (party, item) => cells.get(`${party}|${item}`) ?? 'none';
}
