/**
 * A position in a scenario file. In its own module because both the YAML reader (which finds
 * positions) and the problem type (which carries them) need it, and neither should import the other.
 */

/** A 1-based position in the source file. */
export interface SourceLocation {
  line: number;
  column: number;
}
