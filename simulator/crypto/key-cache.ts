/**
 * A small cache of values derived from key bytes (an XEdDSA signer's Edwards public key, an
 * imported node:crypto KeyObject). Deriving them costs far more than the operation that uses them,
 * and the protocol uses the same keys again and again (identity keys, signed prekeys, a ratchet
 * key for a whole chain).
 *
 * Two levels: a WeakMap keyed by the array object (the common case: the caller holds on to its
 * key), checked against a snapshot of the bytes so a mutated array is never served a stale value;
 * then a bounded, least-recently-used Map keyed by hex for equal keys in different arrays
 * (deserialized records). Bounded so that a long run cannot grow it without limit.
 */
import { bytesEqual, toHex } from './bytes.js';

/** Default bound on the hex-keyed level (entries). */
export const KEY_CACHE_MAX_ENTRIES_DEFAULT = 512;

interface Entry<V> {
  readonly snapshot: Uint8Array;
  readonly value: V;
}

export class KeyCache<V> {
  private readonly byObject = new WeakMap<Uint8Array, Entry<V>>();
  private readonly byHex = new Map<string, V>();

  constructor(private readonly maxEntries: number = KEY_CACHE_MAX_ENTRIES_DEFAULT) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be ≥ 1');
  }

  /** The cached value for these bytes, computing (and remembering) it on a miss. */
  getOrCreate(key: Uint8Array, create: (key: Uint8Array) => V): V {
    const entry = this.byObject.get(key);
    if (entry !== undefined && bytesEqual(entry.snapshot, key)) return entry.value;
    const hex = toHex(key);
    let value = this.byHex.get(hex);
    if (value === undefined) {
      value = create(key);
      if (this.byHex.size >= this.maxEntries) {
        const oldest = this.byHex.keys().next().value;
        if (oldest !== undefined) this.byHex.delete(oldest);
      }
    } else {
      this.byHex.delete(hex); // re-inserted below: most recently used last
    }
    this.byHex.set(hex, value);
    this.byObject.set(key, { snapshot: new Uint8Array(key), value });
    return value;
  }

  /** Number of entries in the bounded level (for tests). */
  get size(): number {
    return this.byHex.size;
  }
}
