/**
 * XEdDSA (simulator/crypto/xeddsa.ts) on both providers: round trips, rejection of every
 * single-bit flip of signature, key and message (PROTOCOL.md "Keys"), and rejection of
 * non-canonical s and keys, low-order keys and malformed lengths.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex, utf8 } from '../../simulator/crypto/bytes.js';
import { nobleCryptoProvider } from '../../simulator/crypto/noble-provider.js';
import { createNodeCryptoProvider } from '../../simulator/crypto/node-provider.js';
import { CryptoError, type CryptoProvider, type KeyPair } from '../../simulator/crypto/provider.js';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import { prepareXeddsaVerification } from '../../simulator/crypto/xeddsa.js';

const Point = ed25519.Point;
const P = Point.Fp.ORDER;
const L = Point.Fn.ORDER;

const node = createNodeCryptoProvider();
const providers: ReadonlyArray<readonly [string, CryptoProvider]> = [
  ['noble', nobleCryptoProvider],
  ['node', node],
];

const le32 = (n: bigint): Uint8Array => numberToBytesLE(n, 32);

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = new Uint8Array(bytes);
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

/** A key pair whose signatures carry the wanted Edwards sign bit (bit 7 of byte 63). */
function keyWithSignBit(crypto: CryptoProvider, random: SeededRandom, signBit: 0 | 1): KeyPair {
  for (;;) {
    const pair = crypto.generateKeyPair(random);
    const signature = crypto.xeddsaSign(pair.privateKey, new Uint8Array(1), random.bytes(64));
    if (signature[63]! >> 7 === signBit) return pair;
  }
}

/** Replaces s in `R ‖ s` (keeping the sign bit in bit 7 of byte 63). */
function withS(signature: Uint8Array, s: bigint): Uint8Array {
  const out = concatBytes(signature.slice(0, 32), le32(s));
  out[63] = (out[63]! & 0x7f) | (signature[63]! & 0x80);
  return out;
}

describe.each(providers)('XEdDSA on %s', (_name, crypto) => {
  const random = new SeededRandom(`xeddsa-${_name}`);

  it('round-trips for many keys and message lengths, including empty', () => {
    for (let i = 0; i < 40; i++) {
      const pair = crypto.generateKeyPair(random);
      const message = random.bytes(i === 0 ? 0 : random.int(1, 300));
      const signature = crypto.xeddsaSign(pair.privateKey, message, random.bytes(64));
      expect(signature).toHaveLength(64);
      expect(crypto.xeddsaVerify(pair.publicKey, message, signature)).toBe(true);
    }
  });

  it('is deterministic in (key, message, random) and randomised by random', () => {
    const pair = crypto.generateKeyPair(random);
    const message = utf8('signed prekey');
    const z = random.bytes(64);
    const one = crypto.xeddsaSign(pair.privateKey, message, z);
    expect(toHex(crypto.xeddsaSign(pair.privateKey, message, new Uint8Array(z)))).toBe(toHex(one));
    const two = crypto.xeddsaSign(pair.privateKey, message, flipBit(z, 0));
    expect(toHex(two)).not.toBe(toHex(one));
    expect(crypto.xeddsaVerify(pair.publicKey, message, two)).toBe(true);
  });

  it("carries the signer's Edwards sign bit in bit 7 of the last byte", () => {
    for (let i = 0; i < 20; i++) {
      const pair = crypto.generateKeyPair(random);
      const a = bytesToNumberLE(pair.privateKey) % L;
      const edwardsSign = Point.BASE.multiply(a).toBytes()[31]! & 0x80;
      const signature = crypto.xeddsaSign(pair.privateKey, random.bytes(10), random.bytes(64));
      expect(signature[63]! & 0x80).toBe(edwardsSign);
    }
  });

  it('signing clamps the private key (libsignal clamps on import)', () => {
    const raw = random.bytes(32);
    raw[0]! |= 7;
    raw[31]! |= 0x80;
    const publicKey = crypto.publicKeyFromPrivate(raw);
    const signature = crypto.xeddsaSign(raw, utf8('m'), random.bytes(64));
    expect(crypto.xeddsaVerify(publicKey, utf8('m'), signature)).toBe(true);
  });

  for (const signBit of [0, 1] as const) {
    describe(`with sign bit ${signBit}`, () => {
      const pair = keyWithSignBit(crypto, random, signBit);
      const message = concatBytes(new Uint8Array([5]), random.bytes(32)); // a serialized public key
      const signature = crypto.xeddsaSign(pair.privateKey, message, random.bytes(64));

      it('verifies untouched', () => {
        expect(signature[63]! >> 7).toBe(signBit);
        expect(crypto.xeddsaVerify(pair.publicKey, message, signature)).toBe(true);
      });

      it('rejects every single-bit flip of the signature (all 512 bits)', () => {
        const accepted: number[] = [];
        for (let bit = 0; bit < 512; bit++) {
          if (crypto.xeddsaVerify(pair.publicKey, message, flipBit(signature, bit))) accepted.push(bit);
        }
        expect(accepted).toEqual([]);
      });

      it('rejects every single-bit flip of the 32-byte public key (all 256 bits)', () => {
        const accepted: number[] = [];
        for (let bit = 0; bit < 256; bit++) {
          if (crypto.xeddsaVerify(flipBit(pair.publicKey, bit), message, signature)) accepted.push(bit);
        }
        expect(accepted).toEqual([]);
      });

      it('rejects every single-bit flip of the message (all 264 bits)', () => {
        const accepted: number[] = [];
        for (let bit = 0; bit < message.length * 8; bit++) {
          if (crypto.xeddsaVerify(pair.publicKey, flipBit(message, bit), signature)) accepted.push(bit);
        }
        expect(accepted).toEqual([]);
      });
    });
  }

  describe('non-canonical and malformed input', () => {
    const pair = crypto.generateKeyPair(random);
    const message = utf8('hello');
    const signature = crypto.xeddsaSign(pair.privateKey, message, random.bytes(64));
    const s = bytesToNumberLE(concatBytes(signature.slice(32, 63), new Uint8Array([signature[63]! & 0x7f])));

    it('the test helper rebuilds the same signature from s', () => {
      expect(toHex(withS(signature, s))).toBe(toHex(signature));
    });

    it('rejects s + L (same value mod L, below 2^253: passes a top-bits-only check)', () => {
      expect(s + L).toBeLessThan(2n ** 253n);
      expect(crypto.xeddsaVerify(pair.publicKey, message, withS(signature, s + L))).toBe(false);
      // The shared check refuses it before the curve code (which happens to refuse it too).
      expect(prepareXeddsaVerification(pair.publicKey, withS(signature, s + L))).toBeNull();
      expect(prepareXeddsaVerification(pair.publicKey, withS(signature, L - 1n))).not.toBeNull();
    });

    it('rejects s = L and s = 2^253 − 1', () => {
      expect(crypto.xeddsaVerify(pair.publicKey, message, withS(signature, L))).toBe(false);
      expect(crypto.xeddsaVerify(pair.publicKey, message, withS(signature, 2n ** 253n - 1n))).toBe(false);
    });

    it('rejects the key with its top bit set, though X25519 would ignore that bit', () => {
      const high = new Uint8Array(pair.publicKey);
      high[31]! |= 0x80;
      expect(crypto.xeddsaVerify(high, message, signature)).toBe(false);
    });

    it('rejects u ≥ p, u = p − 1 and every low-order u', () => {
      const keys = [
        P,
        P + 1n,
        P + 18n,
        P - 1n,
        0n,
        1n,
        325606250916557431795983626356110631294008115727848805560023387167927233504n,
        39382357235489614581723060781553021112529911719440698176882885853963445705823n,
      ];
      for (const u of keys) {
        expect(crypto.xeddsaVerify(le32(u), message, signature), `u = ${u}`).toBe(false);
      }
    });

    it('rejects a forgery under a low-order key that the bare equation would accept', () => {
      // u = 0 maps to y = −1, the Edwards point (0, −1) of order 2, so [h]A vanishes for even h:
      // R = [s]B then satisfies [s]B − [h]A = R for about half of all s.
      const A = Point.fromBytes(le32(P - 1n));
      expect(A.isSmallOrder()).toBe(true);
      let forged: Uint8Array | undefined;
      for (let t = 1n; forged === undefined; t++) {
        const R = Point.BASE.multiply(t).toBytes();
        const h = bytesToNumberLE(sha512(concatBytes(R, A.toBytes(), message))) % L;
        const check = Point.BASE.multiply(t).subtract(A.multiplyUnsafe(h));
        if (toHex(check.toBytes()) === toHex(R)) forged = concatBytes(R, le32(t));
      }
      expect(crypto.xeddsaVerify(le32(0n), message, forged)).toBe(false);
    });

    it('rejects a key on the twist (no Edwards point)', () => {
      let twist: Uint8Array | undefined;
      for (let u = 2n; twist === undefined; u++) {
        const y = Point.Fp.div(u - 1n, u + 1n);
        try {
          Point.fromBytes(le32(y));
        } catch {
          twist = le32(u);
        }
      }
      expect(prepareXeddsaVerification(twist, signature)).not.toBeNull();
      expect(crypto.xeddsaVerify(twist, message, signature)).toBe(false);
    });

    it('rejects an R that is not a canonical encoding', () => {
      const badR = concatBytes(le32(P + 1n), signature.slice(32)); // y ≥ p
      expect(crypto.xeddsaVerify(pair.publicKey, message, badR)).toBe(false);
    });

    it('rejects wrong lengths and non-arrays without throwing', () => {
      expect(crypto.xeddsaVerify(pair.publicKey, message, signature.slice(0, 63))).toBe(false);
      expect(crypto.xeddsaVerify(pair.publicKey, message, concatBytes(signature, new Uint8Array(1)))).toBe(
        false,
      );
      expect(crypto.xeddsaVerify(pair.publicKey.slice(0, 31), message, signature)).toBe(false);
      expect(crypto.xeddsaVerify(concatBytes(new Uint8Array([5]), pair.publicKey), message, signature)).toBe(
        false,
      );
      expect(crypto.xeddsaVerify(pair.publicKey, 'hello' as unknown as Uint8Array, signature)).toBe(false);
      expect(crypto.xeddsaVerify(null as unknown as Uint8Array, message, signature)).toBe(false);
    });

    it('throws CryptoError on a wrong private key or random length when signing', () => {
      expect(() => crypto.xeddsaSign(pair.privateKey.slice(1), message, random.bytes(64))).toThrow(
        CryptoError,
      );
      expect(() => crypto.xeddsaSign(pair.privateKey, message, random.bytes(63))).toThrow(CryptoError);
    });
  });
});

describe('XEdDSA across providers', () => {
  it('noble and node verify each other and produce identical signatures', () => {
    const random = new SeededRandom('xeddsa-cross');
    for (let i = 0; i < 20; i++) {
      const pair = nobleCryptoProvider.generateKeyPair(random);
      const message = random.bytes(random.int(0, 80));
      const z = random.bytes(64);
      const a = nobleCryptoProvider.xeddsaSign(pair.privateKey, message, z);
      const b = node.xeddsaSign(pair.privateKey, message, z);
      expect(toHex(b)).toBe(toHex(a));
      expect(node.xeddsaVerify(pair.publicKey, message, a)).toBe(true);
      expect(nobleCryptoProvider.xeddsaVerify(pair.publicKey, message, b)).toBe(true);
    }
  });

  it('does not serve a cached key for a mutated array', () => {
    const random = new SeededRandom('xeddsa-cache');
    const one = nobleCryptoProvider.generateKeyPair(random);
    const two = nobleCryptoProvider.generateKeyPair(random);
    const key = new Uint8Array(one.privateKey);
    for (const crypto of [nobleCryptoProvider, node]) {
      const first = crypto.xeddsaSign(key, utf8('x'), new Uint8Array(64));
      expect(crypto.xeddsaVerify(one.publicKey, utf8('x'), first)).toBe(true);
      key.set(two.privateKey);
      const second = crypto.xeddsaSign(key, utf8('x'), new Uint8Array(64));
      expect(crypto.xeddsaVerify(two.publicKey, utf8('x'), second)).toBe(true);
      expect(crypto.xeddsaVerify(one.publicKey, utf8('x'), second)).toBe(false);
      key.set(one.privateKey);
    }
  });

  it('keeps verifying correctly once a busy key gets a precomputed table', () => {
    const random = new SeededRandom('xeddsa-hot');
    const pair = nobleCryptoProvider.generateKeyPair(random);
    for (let i = 0; i < 12; i++) {
      const message = random.bytes(16);
      const signature = nobleCryptoProvider.xeddsaSign(pair.privateKey, message, random.bytes(64));
      expect(nobleCryptoProvider.xeddsaVerify(new Uint8Array(pair.publicKey), message, signature)).toBe(true);
      expect(nobleCryptoProvider.xeddsaVerify(pair.publicKey, message, flipBit(signature, 8 * i))).toBe(
        false,
      );
    }
  });

  it('prepareXeddsaVerification converts u to y = (u − 1)/(u + 1) and keeps the sign bit', () => {
    const random = new SeededRandom('xeddsa-prepare');
    const pair = nobleCryptoProvider.generateKeyPair(random);
    const signature = nobleCryptoProvider.xeddsaSign(pair.privateKey, utf8('m'), random.bytes(64));
    const prepared = prepareXeddsaVerification(pair.publicKey, signature);
    expect(prepared).not.toBeNull();
    const a = bytesToNumberLE(pair.privateKey) % L;
    expect(toHex(prepared!.edwardsPublicKey)).toBe(toHex(Point.BASE.multiply(a).toBytes()));
    expect(prepared!.ed25519Signature[63]! & 0x80).toBe(0);
    expect(ed25519.verify(prepared!.ed25519Signature, utf8('m'), prepared!.edwardsPublicKey)).toBe(true);
    expect(prepared!.r).toEqual(signature.slice(0, 32));
  });
});
