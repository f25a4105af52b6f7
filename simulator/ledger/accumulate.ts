/**
 * Folds observations of one (party, item) pair into a cell: best level, union of fields, distinct
 * hows in first-seen order. Shared by the matrix and the party view so both say the same thing.
 */
import { describeHow } from './describe.js';
import { bestLevel, observationLevel } from './level.js';
import { FIELDS, type Field, type HowKind, type ObservationRecord, type VisibilityLevel } from './types.js';

/** What a party knows of one item, summed over its observations. */
export interface CellSummary {
  readonly level: VisibilityLevel;
  /** Fields learned, in FIELDS order. */
  readonly fields: Field[];
  /** Distinct hows (described), in the order first seen. */
  readonly hows: string[];
  /** Distinct how kinds, in the order first seen. */
  readonly howKinds: HowKind[];
  /** Whether the party held ciphertext of it at some point. */
  readonly heldCiphertext: boolean;
  /** Time of the first observation, ms. */
  readonly firstT: number;
  /** Time content was first learned, ms, if ever. */
  readonly contentT?: number;
  readonly observations: number;
}

/** Mutable accumulator behind CellSummary. */
export class CellAccumulator {
  private level: VisibilityLevel = 'none';
  private readonly fields = new Set<Field>();
  private readonly hows: string[] = [];
  private readonly howKinds: HowKind[] = [];
  private heldCiphertext = false;
  private firstT = Infinity;
  private contentT: number | undefined;
  private count = 0;

  add(observation: ObservationRecord): void {
    const level = observationLevel(observation.fields, observation.how);
    this.level = bestLevel(this.level, level);
    for (const field of observation.fields) this.fields.add(field);
    const how = describeHow(observation.how);
    if (!this.hows.includes(how)) this.hows.push(how);
    if (!this.howKinds.includes(observation.how.kind)) this.howKinds.push(observation.how.kind);
    if (observation.how.kind === 'ciphertext') this.heldCiphertext = true;
    this.firstT = Math.min(this.firstT, observation.t);
    if (level === 'content') this.contentT = Math.min(this.contentT ?? Infinity, observation.t);
    this.count++;
  }

  summary(): CellSummary {
    const out: CellSummary = {
      level: this.level,
      fields: FIELDS.filter((f) => this.fields.has(f)),
      hows: this.hows.slice(),
      howKinds: this.howKinds.slice(),
      heldCiphertext: this.heldCiphertext,
      firstT: this.firstT,
      observations: this.count,
    };
    return this.contentT === undefined ? out : { ...out, contentT: this.contentT };
  }
}

/** Observations sorted by (t, seq): the order things were learned in virtual time. */
export function inTimeOrder(observations: readonly ObservationRecord[]): ObservationRecord[] {
  return observations.slice().sort((a, b) => a.t - b.t || a.seq - b.seq);
}
