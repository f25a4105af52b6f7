/**
 * Off-heap scratch buffers for calls into a native addon (sodium-native).
 *
 * V8 keeps a typed array of at most 64 bytes inside the JS heap. When such an array is handed to a
 * native addon, V8 first moves its bytes to a backing store of their own, which the garbage
 * collector later has to free. Measured here: a SHA-256 into a fresh 32-byte output takes 2.0 µs a
 * call; into a reused off-heap buffer, copied out with `slice`, 1.2 µs. Nearly every protocol value
 * is that small: keys, nonces, digests, chain keys. So the provider copies small inputs into these
 * buffers, lets the addon write small outputs into them, and hands callers a fresh copy. Larger
 * arrays are always off-heap already and pass through unchanged.
 *
 * Portable (no host imports). Not reentrant: one call into the addon at a time, which is what a
 * synchronous provider does.
 */

/** Largest typed array V8 allocates on the JS heap (its `typed_array_max_size_in_heap`). */
export const ON_HEAP_MAX_BYTES = 64;

/** A fixed set of off-heap slots; each slot serves one argument of one native call. */
export class NativeScratch {
  private readonly slots: Uint8Array[];
  /** Per slot, its views by length, made on first use (a `subarray` per call would be garbage). */
  private readonly views: (Uint8Array | undefined)[][];

  constructor(slotCount: number) {
    this.slots = Array.from({ length: slotCount }, () => new Uint8Array(new ArrayBuffer(ON_HEAP_MAX_BYTES)));
    this.views = this.slots.map(() => []);
  }

  /** `bytes` itself when it is larger than the heap limit, else a copy of it in slot `slot`. */
  input(bytes: Uint8Array, slot: number): Uint8Array {
    if (bytes.length > ON_HEAP_MAX_BYTES) return bytes;
    const view = this.view(slot, bytes.length);
    view.set(bytes);
    return view;
  }

  /**
   * Where the addon writes an output of `length` bytes: slot `slot` when the output is small, else a
   * fresh (off-heap) array. Hand what the addon wrote to callers through `result`.
   */
  output(length: number, slot: number): Uint8Array {
    return length > ON_HEAP_MAX_BYTES ? new Uint8Array(length) : this.view(slot, length);
  }

  /** An output from `output` as an array of the caller's own: a copy of a slot, or the fresh array itself. */
  result(output: Uint8Array): Uint8Array {
    return output.length > ON_HEAP_MAX_BYTES ? output : output.slice();
  }

  private view(slot: number, length: number): Uint8Array {
    const byLength = this.views[slot]!;
    return (byLength[length] ??= this.slots[slot]!.subarray(0, length));
  }
}
