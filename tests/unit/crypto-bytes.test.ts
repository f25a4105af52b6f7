import { describe, expect, it } from 'vitest';
import { bytesEqual } from '../../simulator/crypto/bytes.js';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';

describe('bytesEqual', () => {
  it('finds a difference at any position, aligned or not, short or long', () => {
    const random = new SeededRandom('bytes-equal');
    for (const length of [0, 1, 31, 63, 64, 65, 128, 1027]) {
      for (const offset of [0, 1, 4]) {
        const backing = new Uint8Array(length + 8);
        backing.set(random.bytes(length), offset);
        const a = backing.subarray(offset, offset + length);
        const b = new Uint8Array(a);
        expect(bytesEqual(a, b)).toBe(true);
        for (let i = 0; i < length; i++) {
          b[i]! ^= 0x80;
          expect(bytesEqual(a, b)).toBe(false);
          b[i]! ^= 0x80;
        }
        expect(bytesEqual(a, b.subarray(0, Math.max(0, length - 1)))).toBe(length === 0);
      }
    }
  });
});
