/** Visibility levels of observations and how to combine them. */
import { LEVEL_RANK, type Field, type How, type VisibilityLevel } from './types.js';

/** The level one observation gives: content if it includes content, metadata for any other field, ciphertext for held bytes. */
export function observationLevel(fields: readonly Field[], how: How): VisibilityLevel {
  if (fields.includes('content')) return 'content';
  if (fields.length > 0) return 'metadata';
  return how.kind === 'ciphertext' ? 'ciphertext' : 'none';
}

/** The better of two levels. */
export function bestLevel(a: VisibilityLevel, b: VisibilityLevel): VisibilityLevel {
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}
