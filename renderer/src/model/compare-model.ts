// The service's run comparison, typed for the views: `ledgerDiff` is the engine's MatrixDiff
// (simulator/ledger/diff.ts) passed through as unknown by the contract. Also the wording of a changed cell.
import type { RunComparison } from '../../../electron/contract.js';
import type { CellChange, MatrixDiff } from '../../../simulator/ledger/diff.js';
import { LEVEL_STYLES } from './visibility.js';

export function ledgerDiffOf(comparison: RunComparison): MatrixDiff | null {
  const diff = comparison.ledgerDiff as Partial<MatrixDiff> | null | undefined;
  if (!diff || !Array.isArray(diff.changes)) return null;
  return {
    changes: diff.changes,
    unchanged: typeof diff.unchanged === 'number' ? diff.unchanged : 0,
    itemsOnlyInA: Array.isArray(diff.itemsOnlyInA) ? diff.itemsOnlyInA : [],
    itemsOnlyInB: Array.isArray(diff.itemsOnlyInB) ? diff.itemsOnlyInB : [],
  };
}

/** E.g. `mallory no longer reads content of m3: now nothing (lost: decrypted with session …)`. */
export function explainChange(change: CellChange): string {
  const before = LEVEL_STYLES[change.before].label.toLowerCase();
  const after = LEVEL_STYLES[change.after].label.toLowerCase();
  const parts: string[] = [];
  if (change.change === 'gained')
    parts.push(
      `${change.party} now ${after === 'reads content' ? 'reads the content' : `gets ${after}`} (was ${before})`,
    );
  else if (change.change === 'lost') parts.push(`${change.party} drops from ${before} to ${after}`);
  else parts.push(`${change.party} still gets ${after}, by other means`);
  if (change.fieldsAdded.length) parts.push(`learns ${change.fieldsAdded.join(', ')}`);
  if (change.fieldsRemoved.length) parts.push(`no longer learns ${change.fieldsRemoved.join(', ')}`);
  if (change.howsRemoved.length) parts.push(`no longer: ${change.howsRemoved.join('; ')}`);
  if (change.howsAdded.length) parts.push(`now: ${change.howsAdded.join('; ')}`);
  return parts.join(' — ');
}

/** Changes of level (gained, lost) before same-level changes, each group in the service's order. */
export function sortChanges(changes: readonly CellChange[]): CellChange[] {
  const rank = { gained: 0, lost: 0, changed: 1 } as const;
  return changes
    .map((c, i) => ({ c, i }))
    .sort((x, y) => rank[x.c.change] - rank[y.c.change] || x.i - y.i)
    .map((x) => x.c);
}

export interface Headline {
  readonly party: string;
  readonly change: 'gained' | 'lost';
  readonly text: string;
  readonly items: readonly string[];
}

/** One sentence per party and direction for the changes of level, e.g. `mallory can no longer read m3, m4`. */
export function headlines(changes: readonly CellChange[]): Headline[] {
  const groups = new Map<
    string,
    { party: string; change: 'gained' | 'lost'; phrase: string; items: string[] }
  >();
  for (const c of changes) {
    if (c.change === 'changed') continue;
    let phrase: string;
    if (c.change === 'gained') {
      phrase =
        c.after === 'content'
          ? 'now reads'
          : c.after === 'metadata'
            ? 'now learns metadata of'
            : 'now holds ciphertext of';
    } else {
      phrase =
        c.before === 'content'
          ? 'can no longer read'
          : c.after === 'none'
            ? 'no longer handles'
            : 'learns less about';
    }
    const key = `${c.party}|${c.change}|${phrase}`;
    const group = groups.get(key) ?? { party: c.party, change: c.change, phrase, items: [] };
    group.items.push(c.item);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({
    party: g.party,
    change: g.change,
    items: g.items,
    text: `${g.party} ${g.phrase} ${g.items.join(', ')}`,
  }));
}
