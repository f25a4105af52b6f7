import { describe, expect, it } from 'vitest';
import { NativeScratch, ON_HEAP_MAX_BYTES } from '../../simulator/crypto/native-scratch.js';

describe('NativeScratch', () => {
  it('copies inputs of up to 64 bytes into its own slot, and passes larger ones through', () => {
    const scratch = new NativeScratch(2);
    const small = Uint8Array.of(1, 2, 3);
    const staged = scratch.input(small, 0);
    expect(staged).not.toBe(small);
    expect([...staged]).toEqual([1, 2, 3]);
    expect(staged.buffer.byteLength).toBe(ON_HEAP_MAX_BYTES);
    const edge = new Uint8Array(ON_HEAP_MAX_BYTES).fill(7);
    expect(scratch.input(edge, 1)).not.toBe(edge);
    const large = new Uint8Array(ON_HEAP_MAX_BYTES + 1);
    expect(scratch.input(large, 0)).toBe(large);
  });

  it('keeps slots apart, and reuses one view per slot and length', () => {
    const scratch = new NativeScratch(2);
    const a = scratch.input(Uint8Array.of(9, 9), 0);
    const b = scratch.input(Uint8Array.of(5, 5), 1);
    expect([...a]).toEqual([9, 9]);
    expect([...b]).toEqual([5, 5]);
    expect(scratch.output(2, 0)).toBe(a);
    expect(scratch.output(3, 0)).not.toBe(a);
    expect(scratch.output(3, 0).buffer).toBe(a.buffer);
  });

  it('gives large outputs fresh arrays, and results of their own', () => {
    const scratch = new NativeScratch(1);
    const large = scratch.output(ON_HEAP_MAX_BYTES + 1, 0);
    expect(large.buffer).not.toBe(scratch.output(1, 0).buffer);
    expect(scratch.result(large)).toBe(large);
    const small = scratch.output(4, 0);
    small.set([1, 2, 3, 4]);
    const kept = scratch.result(small);
    small.fill(0);
    expect([...kept]).toEqual([1, 2, 3, 4]);
  });
});
