// What the narration panel says about the current step: which step the playhead is in, and what parties other
// than the author learned since it began (up to t, and before the next step). Pure.
import { describeHow } from '../../../simulator/ledger/describe.js';
import { observationLevel } from '../../../simulator/ledger/level.js';
import type { VisibilityLevel } from '../../../simulator/ledger/types.js';
import { observationsBetween, stepIndexAt, type RunIndex } from './run-index.js';

export interface Learned {
  readonly key: number;
  readonly t: number;
  readonly party: string;
  readonly item: string;
  readonly level: VisibilityLevel;
  readonly how: string;
}

/** Observations made during the step that contains t, up to t, in time order; authors' own records left out. */
export function learnedDuringStep(index: RunIndex, t: number): Learned[] {
  const current = stepIndexAt(index, t);
  const step = index.steps[current];
  if (!step) return [];
  const next = index.steps[current + 1]?.t ?? Infinity;
  return observationsBetween(index, step.t, Math.min(t, next - 1e-6))
    .filter((o) => o.how.kind !== 'authored')
    .map((o) => ({
      key: o.seq,
      t: o.t,
      party: o.party,
      item: o.item,
      level: observationLevel(o.fields, o.how),
      how: describeHow(o.how),
    }));
}
