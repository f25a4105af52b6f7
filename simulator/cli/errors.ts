/** Exit codes of `sightline` and the error that carries the "invalid input or usage" one. */

export const EXIT_OK = 0;
/** Some expectation does not hold (or a run could not complete). */
export const EXIT_FAILED = 1;
/** Invalid input or usage: a bad flag, a missing file, an invalid scenario. */
export const EXIT_USAGE = 2;

/** Invalid input or usage; the message says what to do. Exits 2. */
export class UsageError extends Error {
  override readonly name: string = 'UsageError';
}
