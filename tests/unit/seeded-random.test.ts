/**
 * SeededRandom (simulator/crypto/seeded-random.ts): determinism, the ChaCha20 construction checked
 * against OpenSSL's ChaCha20, fork independence, and statistical sanity checks that would catch
 * modulo bias. Every check is seeded, so a failure reproduces.
 */
import { createCipheriv } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex, utf8 } from '../../simulator/crypto/bytes.js';
import { SEEDED_RANDOM_BUFFER_BYTES, SeededRandom } from '../../simulator/crypto/seeded-random.js';

/** Pearson's χ² statistic for observed counts against equal expected counts. */
function chiSquare(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
}

describe('SeededRandom determinism', () => {
  it('the same seed gives the same stream across mixed calls', () => {
    const draw = (r: SeededRandom): string =>
      [
        toHex(r.bytes(7)),
        r.uint32(),
        r.float(),
        r.int(-5, 5),
        r.pick(['a', 'b', 'c']),
        r.shuffle([1, 2, 3, 4]),
      ]
        .map(String)
        .join('|');
    const a = new SeededRandom('run-1');
    const b = new SeededRandom('run-1');
    for (let i = 0; i < 200; i++) expect(draw(a)).toBe(draw(b));
  });

  it('different seeds, and seeds of different types, give different streams', () => {
    const first = (seed: number | string | Uint8Array): string => toHex(new SeededRandom(seed).bytes(32));
    const streams = [
      first(42),
      first('42'),
      first(utf8('42')),
      first(43),
      first(0),
      first(''),
      first(new Uint8Array()),
    ];
    expect(new Set(streams).size).toBe(streams.length);
  });

  it('is ChaCha20 (RFC 8439) over zeros, keyed by SHA-256 of the tagged seed, checked against OpenSSL', () => {
    const seed = 'sightline';
    const header = new Uint8Array([2, seed.length, 0, 0, 0]); // tag 2 = string, u32le length
    const key = sha256(concatBytes(utf8('sightline/seeded-random/v1/seed'), header, utf8(seed)));
    // OpenSSL's chacha20 IV is the 32-bit block counter (LE) followed by the 96-bit nonce.
    const cipher = createCipheriv('chacha20', key, new Uint8Array(16));
    const expected = new Uint8Array(cipher.update(new Uint8Array(3000)));
    expect(toHex(new SeededRandom(seed).bytes(3000))).toBe(toHex(expected));
  });

  it('gives the same bytes however the requests are split across buffer refills', () => {
    const whole = new SeededRandom(7).bytes(3 * SEEDED_RANDOM_BUFFER_BYTES + 11);
    const parts = new SeededRandom(7);
    const pieces = [5, SEEDED_RANDOM_BUFFER_BYTES - 5, 0, 1, 2 * SEEDED_RANDOM_BUFFER_BYTES, 10];
    expect(toHex(concatBytes(...pieces.map((n) => parts.bytes(n))))).toBe(toHex(whole));
  });

  it('is the same keystream whatever size its first request has (the first refill makes only what it needs)', () => {
    const whole = new SeededRandom('first').bytes(4000);
    for (const first of [
      1,
      4,
      32,
      63,
      64,
      65,
      200,
      SEEDED_RANDOM_BUFFER_BYTES,
      SEEDED_RANDOM_BUFFER_BYTES + 1,
    ]) {
      const r = new SeededRandom('first');
      const drawn = concatBytes(r.bytes(first), r.bytes(7), r.bytes(4000 - first - 7));
      expect(toHex(drawn), `first request of ${first} bytes`).toBe(toHex(whole));
    }
    const viaUint32 = new SeededRandom('first');
    const word = viaUint32.uint32();
    expect(word).toBe(new DataView(whole.buffer, whole.byteOffset).getUint32(0, true));
    expect(toHex(viaUint32.bytes(3996))).toBe(toHex(whole.subarray(4)));
  });

  it('uint32 reads the next four bytes little-endian', () => {
    const bytes = new SeededRandom('u32').bytes(8);
    const r = new SeededRandom('u32');
    const view = new DataView(bytes.buffer);
    expect(r.uint32()).toBe(view.getUint32(0, true));
    expect(r.uint32()).toBe(view.getUint32(4, true));
  });

  it('refuses bad seeds and bad lengths', () => {
    expect(() => new SeededRandom(1.5)).toThrow(RangeError);
    expect(() => new SeededRandom(Number.NaN)).toThrow(RangeError);
    expect(() => new SeededRandom(2 ** 53)).toThrow(RangeError);
    expect(() => new SeededRandom({} as unknown as string)).toThrow(TypeError);
    const r = new SeededRandom(1);
    expect(() => r.bytes(-1)).toThrow(RangeError);
    expect(() => r.bytes(1.5)).toThrow(RangeError);
    expect(() => r.bytes(2 ** 24 + 1)).toThrow(RangeError);
    expect(r.bytes(0)).toHaveLength(0);
  });
});

describe('SeededRandom.fork', () => {
  it('depends only on (seed, label), not on what the parent has drawn', () => {
    const fresh = new SeededRandom('world').fork('alice').bytes(64);
    const used = new SeededRandom('world');
    used.bytes(5000);
    used.fork('bob').bytes(100);
    expect(toHex(used.fork('alice').bytes(64))).toBe(toHex(fresh));
  });

  it('adding a party does not shift another party’s keys', () => {
    const keysOf = (parties: readonly string[]): Map<string, string> => {
      const root = new SeededRandom('scenario');
      return new Map(parties.map((p) => [p, toHex(root.fork(p).bytes(32))]));
    };
    const before = keysOf(['alice', 'bob']);
    const after = keysOf(['carol', 'alice', 'dave', 'bob']);
    expect(after.get('alice')).toBe(before.get('alice'));
    expect(after.get('bob')).toBe(before.get('bob'));
  });

  it('gives distinct streams per label, distinct from the parent and from other seeds', () => {
    const root = new SeededRandom('root');
    const streams = [
      toHex(new SeededRandom('root').bytes(32)),
      toHex(root.fork('a').bytes(32)),
      toHex(root.fork('b').bytes(32)),
      toHex(root.fork('').bytes(32)),
      toHex(root.fork('a').fork('a').bytes(32)),
      toHex(new SeededRandom('other').fork('a').bytes(32)),
    ];
    expect(new Set(streams).size).toBe(streams.length);
  });

  it('is deterministic for nested forks', () => {
    const a = new SeededRandom(99).fork('x').fork('y').bytes(48);
    const b = new SeededRandom(99).fork('x').fork('y').bytes(48);
    expect(toHex(a)).toBe(toHex(b));
  });
});

describe('SeededRandom.int', () => {
  it('stays within [min, max) for small, large and negative ranges', () => {
    const r = new SeededRandom('range');
    const ranges: Array<[number, number]> = [
      [0, 1],
      [0, 2],
      [-3, 4],
      [10, 17],
      [0, 2 ** 32],
      [0, 2 ** 32 + 1],
      [-(2 ** 40), 2 ** 40],
      [0, Number.MAX_SAFE_INTEGER],
      [Number.MIN_SAFE_INTEGER, 0],
    ];
    for (const [min, max] of ranges) {
      for (let i = 0; i < 500; i++) {
        const x = r.int(min, max);
        expect(Number.isSafeInteger(x) && x >= min && x < max, `${x} in [${min}, ${max})`).toBe(true);
      }
    }
    expect(r.int(5, 6)).toBe(5);
  });

  it('is uniform on a die (χ², 5 degrees of freedom, below the p = 0.001 critical value 20.52)', () => {
    const r = new SeededRandom('die');
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.int(1, 7) - 1]!++;
    expect(chiSquare(counts)).toBeLessThan(20.52);
  });

  it('has no modulo bias on the 32-bit path (range 3·2^30: naive x % range would put 1/2 below 2^30)', () => {
    const r = new SeededRandom('bias-32');
    const n = 30_000;
    let low = 0;
    for (let i = 0; i < n; i++) if (r.int(0, 3 * 2 ** 30) < 2 ** 30) low++;
    expect(Math.abs(low / n - 1 / 3)).toBeLessThan(0.015); // σ ≈ 0.0027
  });

  it('has no modulo bias on the 53-bit path (range 3·2^51)', () => {
    const r = new SeededRandom('bias-53');
    const n = 30_000;
    let low = 0;
    for (let i = 0; i < n; i++) if (r.int(0, 3 * 2 ** 51) < 2 ** 51) low++;
    expect(Math.abs(low / n - 1 / 3)).toBeLessThan(0.015);
  });

  it('refuses empty, fractional, unsafe and oversized ranges', () => {
    const r = new SeededRandom(0);
    expect(() => r.int(3, 3)).toThrow(RangeError);
    expect(() => r.int(4, 3)).toThrow(RangeError);
    expect(() => r.int(0, 1.5)).toThrow(RangeError);
    expect(() => r.int(0, 2 ** 53)).toThrow(RangeError);
    expect(() => r.int(-(2 ** 52), 2 ** 52 + 1)).toThrow(RangeError);
  });
});

describe('SeededRandom.float, pick and shuffle', () => {
  it('float is in [0, 1), carries 53 bits and averages ½', () => {
    const r = new SeededRandom('float');
    let sum = 0;
    let lowBitsUsed = false;
    for (let i = 0; i < 20_000; i++) {
      const x = r.float();
      expect(x >= 0 && x < 1).toBe(true);
      const scaled = x * 2 ** 53;
      expect(Number.isInteger(scaled)).toBe(true);
      if (scaled % 2 ** 21 !== 0) lowBitsUsed = true;
      sum += x;
    }
    expect(lowBitsUsed).toBe(true);
    expect(Math.abs(sum / 20_000 - 0.5)).toBeLessThan(0.01); // σ ≈ 0.002
  });

  it('pick reaches every element and refuses an empty array', () => {
    const r = new SeededRandom('pick');
    const items = ['a', 'b', 'c', 'd', 'e'] as const;
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const x = r.pick(items);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([...items]);
    expect(chiSquare([...counts.values()])).toBeLessThan(18.47); // 4 d.o.f., p = 0.001
    expect(() => r.pick([])).toThrow(RangeError);
  });

  it('shuffle returns a permutation copy, leaves the input alone, and is uniform over 3! orders', () => {
    const r = new SeededRandom('shuffle');
    const input = [1, 2, 3] as const;
    const counts = new Map<string, number>();
    for (let i = 0; i < 12_000; i++) {
      const out = r.shuffle(input);
      expect([...out].sort()).toEqual([1, 2, 3]);
      counts.set(out.join(''), (counts.get(out.join('')) ?? 0) + 1);
    }
    expect(input).toEqual([1, 2, 3]);
    expect(counts.size).toBe(6);
    expect(chiSquare([...counts.values()])).toBeLessThan(20.52); // 5 d.o.f., p = 0.001
    expect(r.shuffle([])).toEqual([]);
  });
});
