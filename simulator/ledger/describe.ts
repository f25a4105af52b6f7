/** One-line, human wording of a `How`, used in matrix cells, timelines, diffs and reports. */
import type { How } from './types.js';

/** E.g. `decrypted with session alice.1→bob.1 message key #3`, `held ciphertext`. */
export function describeHow(how: How): string {
  switch (how.kind) {
    case 'authored':
      return 'authored it';
    case 'decrypted':
      return `decrypted with ${how.with}`;
    case 'clear':
      return how.via === undefined ? 'received in the clear' : `received in the clear via ${how.via}`;
    case 'backup':
      return `read from ${how.source}`;
    case 'exfiltrated':
      return `exfiltrated by ${how.by}`;
    case 'timing':
      return `learned from timing: ${how.detail}`;
    case 'ciphertext':
      return how.detail === undefined ? 'held ciphertext' : `held ciphertext (${how.detail})`;
    case 'routing':
      return how.detail === undefined ? 'routing metadata' : `routing metadata (${how.detail})`;
  }
}
