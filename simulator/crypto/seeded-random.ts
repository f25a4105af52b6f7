/**
 * The simulator's deterministic random generator: a ChaCha20 keystream (RFC 8439 §2.4, over
 * zeros) keyed by SHA-256 of a domain-separated encoding of the run's seed. Same seed, same
 * calls → same bytes, on every platform, so a run replays exactly.
 *
 * NOT for real-world secrets: anyone who knows the seed knows every key it produced. It exists
 * so that simulated parties' keys, jitter and fault choices are reproducible.
 *
 * `fork(label)` derives an independent stream from (this stream's key, label) alone — not from
 * how much has been drawn — so giving each party its own fork means adding a party, or drawing
 * more in one place, never shifts another party's keys.
 */
import { chacha20 } from '@noble/ciphers/chacha.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8 } from './bytes.js';
import type { RandomSource } from './provider.js';

/** What a run may be seeded with. Numbers must be safe integers. */
export type Seed = number | string | Uint8Array;

/** Keystream bytes generated per refill (16 ChaCha20 blocks). */
export const SEEDED_RANDOM_BUFFER_BYTES = 1024;
/** Upper bound on one `bytes()` call (a bound on everything; the protocol asks for ≤ 64). */
export const SEEDED_RANDOM_MAX_BYTES_PER_CALL = 1 << 24;
/** Largest `max − min` that `int()` accepts: 2^53 − 1, so every result is a safe integer. */
export const SEEDED_RANDOM_MAX_INT_RANGE = Number.MAX_SAFE_INTEGER;

const SEED_DOMAIN = utf8('sightline/seeded-random/v1/seed');
const FORK_DOMAIN = utf8('sightline/seeded-random/v1/fork');
const SEED_TAG_NUMBER = 1;
const SEED_TAG_STRING = 2;
const SEED_TAG_BYTES = 3;
const BLOCK_BYTES = 64;
const BLOCKS_PER_REFILL = SEEDED_RANDOM_BUFFER_BYTES / BLOCK_BYTES;
/** RFC 8439's block counter is 32 bits; the nonce's first word numbers each 2^32-block epoch. */
const COUNTER_LIMIT = 2 ** 32;
const TWO_POW_32 = 2 ** 32;
const TWO_POW_53 = 2 ** 53;

/** Internal marker: construct from an already-derived key (used by `fork`). */
const FROM_KEY = Symbol('SeededRandom.fromKey');
/** The constructor as `fork` calls it; not part of the public signature. */
type KeyedConstructor = new (marker: typeof FROM_KEY, key: Uint8Array) => SeededRandom;
/** The keystream is ChaCha20 applied to zeros; read-only, shared by every instance. */
const ZEROS = new Uint8Array(SEEDED_RANDOM_BUFFER_BYTES);

function lengthPrefixed(tag: number, payload: Uint8Array): Uint8Array {
  const header = new Uint8Array(5);
  header[0] = tag;
  new DataView(header.buffer).setUint32(1, payload.length, true);
  return concatBytes(header, payload);
}

function seedKey(seed: Seed): Uint8Array {
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed))
      throw new RangeError(`a numeric seed must be a safe integer, got ${seed}`);
    return sha256(concatBytes(SEED_DOMAIN, lengthPrefixed(SEED_TAG_NUMBER, utf8(String(seed)))));
  }
  if (typeof seed === 'string')
    return sha256(concatBytes(SEED_DOMAIN, lengthPrefixed(SEED_TAG_STRING, utf8(seed))));
  if (seed instanceof Uint8Array)
    return sha256(concatBytes(SEED_DOMAIN, lengthPrefixed(SEED_TAG_BYTES, seed)));
  throw new TypeError('a seed is a safe integer, a string or a Uint8Array');
}

/** Deterministic DRBG for simulations (see the file comment: not for real-world secrets). */
export class SeededRandom implements RandomSource {
  private readonly key: Uint8Array;
  private readonly nonce = new Uint8Array(12);
  private readonly buffer = new Uint8Array(SEEDED_RANDOM_BUFFER_BYTES);
  private position = SEEDED_RANDOM_BUFFER_BYTES;
  private counter = 0;
  private epoch = 0;

  constructor(seed: Seed);
  constructor(seed: Seed | typeof FROM_KEY, key?: Uint8Array) {
    this.key = seed === FROM_KEY && key !== undefined ? new Uint8Array(key) : seedKey(seed as Seed);
  }

  /** `length` fresh bytes. @throws RangeError unless 0 ≤ length ≤ 2^24. */
  bytes(length: number): Uint8Array {
    if (!Number.isInteger(length) || length < 0 || length > SEEDED_RANDOM_MAX_BYTES_PER_CALL) {
      throw new RangeError(
        `bytes(length) needs an integer in 0..${SEEDED_RANDOM_MAX_BYTES_PER_CALL}, got ${length}`,
      );
    }
    const out = new Uint8Array(length);
    let written = 0;
    while (written < length) {
      if (this.position === SEEDED_RANDOM_BUFFER_BYTES) this.refill();
      const take = Math.min(length - written, SEEDED_RANDOM_BUFFER_BYTES - this.position);
      out.set(this.buffer.subarray(this.position, this.position + take), written);
      this.position += take;
      written += take;
    }
    return out;
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    return (this.byte() | (this.byte() << 8) | (this.byte() << 16) | (this.byte() << 24)) >>> 0;
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  float(): number {
    return this.uint53() / TWO_POW_53;
  }

  /**
   * A uniform integer in [minInclusive, maxExclusive), without modulo bias (rejection sampling).
   * @throws RangeError unless both are safe integers, min < max, and max − min ≤ 2^53 − 1.
   */
  int(minInclusive: number, maxExclusive: number): number {
    if (
      !Number.isSafeInteger(minInclusive) ||
      !Number.isSafeInteger(maxExclusive) ||
      minInclusive >= maxExclusive
    ) {
      throw new RangeError(
        `int(min, max) needs safe integers with min < max, got ${minInclusive}, ${maxExclusive}`,
      );
    }
    const range = maxExclusive - minInclusive;
    if (!Number.isSafeInteger(range) || range > SEEDED_RANDOM_MAX_INT_RANGE) {
      throw new RangeError(`int(min, max) supports ranges up to 2^53 − 1, got ${range}`);
    }
    if (range <= TWO_POW_32) {
      const limit = TWO_POW_32 - (TWO_POW_32 % range); // largest multiple of range ≤ 2^32
      for (;;) {
        const x = this.uint32();
        if (x < limit) return minInclusive + (x % range);
      }
    }
    const limit = TWO_POW_53 - (TWO_POW_53 % range);
    for (;;) {
      const x = this.uint53();
      if (x < limit) return minInclusive + (x % range);
    }
  }

  /** A uniformly chosen element. @throws RangeError on an empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
    return items[this.int(0, items.length)]!;
  }

  /** A uniformly shuffled copy (Fisher–Yates); the input is left as it was. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      const swap = out[i]!;
      out[i] = out[j]!;
      out[j] = swap;
    }
    return out;
  }

  /**
   * An independent generator derived from this one's key and `label` only: the same label always
   * gives the same stream, whatever has been drawn from this one before or after.
   */
  fork(label: string): SeededRandom {
    if (typeof label !== 'string') throw new TypeError('fork(label) needs a string label');
    const childKey = sha256(concatBytes(FORK_DOMAIN, this.key, lengthPrefixed(SEED_TAG_STRING, utf8(label))));
    return new (SeededRandom as unknown as KeyedConstructor)(FROM_KEY, childKey);
  }

  private byte(): number {
    if (this.position === SEEDED_RANDOM_BUFFER_BYTES) this.refill();
    return this.buffer[this.position++]!;
  }

  private uint53(): number {
    const high = this.uint32() >>> 11; // 21 bits
    const low = this.uint32(); // 32 bits
    return high * TWO_POW_32 + low;
  }

  private refill(): void {
    if (this.counter + BLOCKS_PER_REFILL > COUNTER_LIMIT) {
      // 256 GiB per epoch; move to the next nonce rather than wrap the block counter.
      this.epoch++;
      if (this.epoch >= TWO_POW_32) throw new RangeError('SeededRandom exhausted (2^64 blocks)');
      new DataView(this.nonce.buffer).setUint32(0, this.epoch, true);
      this.counter = 0;
    }
    chacha20(this.key, this.nonce, ZEROS, this.buffer, this.counter);
    this.counter += BLOCKS_PER_REFILL;
    this.position = 0;
  }
}
