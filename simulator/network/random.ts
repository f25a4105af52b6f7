/**
 * What the engine needs from the run's seeded generator (simulator/crypto/seeded-random.ts,
 * `SeededRandom`). Declared structurally here so the engine depends on the shape, not on one
 * implementation: every component draws from its own labelled fork, so adding a draw in one place
 * never shifts the numbers another component sees.
 */
import type { RandomSource } from '../crypto/provider.js';

/** A seeded, forkable random stream. */
export interface RandomStream extends RandomSource {
  /** A uniform float in [0, 1). */
  float(): number;
  /** An independent stream derived from this one and `label` (same label ⇒ same stream). */
  fork(label: string): RandomStream;
}
