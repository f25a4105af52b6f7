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
  if (change.change === 'gained') parts.push(`${change.party} now ${after === 'reads content' ? 'reads the content' : `gets ${after}`} (was ${before})`);
  else if (change.change === 'lost') parts.push(`${change.party} drops from ${before} to ${after}`);
  else parts.push(`${change.party} still gets ${after}, by other means`);
  if (change.fieldsAdded.length) parts.push(`learns ${change.fieldsAdded.join(', ')}`);
  if (change.fieldsRemoved.length) parts.push(`no longer learns ${change.fieldsRemoved.join(', ')}`);
  if (change.howsRemoved.length) parts.push(`no longer: ${change.howsRemoved.join('; ')}`);
  if (change.howsAdded.length) parts.push(`now: ${change.howsAdded.join('; ')}`);
  return parts.join(' — ');
}
