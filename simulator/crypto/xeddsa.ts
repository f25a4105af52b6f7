/**
 * XEdDSA over Curve25519 in libsignal's form (XEdDSA spec §2.3 "xeddsa_sign"/"xeddsa_verify",
 * §2.2 for the Montgomery→Edwards conversion), shared by both CryptoProviders. Each provider
 * brings its own SHA-512; the curve arithmetic is @noble/curves' Edwards point.
 *
 * libsignal's variant of the spec, which this follows so signatures interoperate:
 * - the private scalar is not negated to force the Edwards sign bit to 0; instead the public
 *   key's sign bit travels in bit 7 of the signature's last byte (s < 2^253 leaves it free);
 * - the nonce hash covers the clamped private key bytes as stored:
 *   r = SHA-512(0xFE ‖ 0xFF×31 ‖ k ‖ M ‖ Z) mod L.
 *
 * Verification is stricter than libsignal's, on purpose (PROTOCOL.md "Keys": every single-bit
 * flip must fail): the 32-byte public key must be a canonical u (top bit clear, u < p), and
 * low-order keys are refused because anyone can forge signatures under them; s must be fully
 * reduced (s < L); R is compared byte for byte with the canonical encoding of [s]B − [h]A, so
 * a non-canonical or invalid R can never verify.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { bytesEqual, concatBytes } from './bytes.js';
import {
  CURVE25519_KEY_LENGTH,
  XEDDSA_RANDOM_LENGTH,
  XEDDSA_SIGNATURE_LENGTH,
  clampPrivateKey,
  requireBytes,
  requireLength,
} from './checks.js';
import { KeyCache } from './key-cache.js';
import { CryptoError } from './provider.js';

/** A SHA-512 implementation (FIPS 180-4); each provider passes its own. */
export type Sha512 = (data: Uint8Array) => Uint8Array;

type EdwardsPoint = InstanceType<typeof ed25519.Point>;

const Point = ed25519.Point;
/** Field prime p = 2^255 − 19. */
const P = Point.Fp.ORDER;
/** Prime subgroup order L = 2^252 + 27742317777372353535851937790883648493. */
const L = Point.Fn.ORDER;

/**
 * Signing keys whose Edwards public key is remembered (entries, ~150 bytes each). A simulated
 * network signs with every group member's sender key (800 in the simulation benchmark), so the cache
 * must hold more than one process's handful of identity keys.
 */
export const XEDDSA_SIGNER_CACHE_MAX_ENTRIES = 4096;
/** Verification keys whose decoded Edwards point is remembered (entries). */
export const XEDDSA_VERIFIER_CACHE_MAX_ENTRIES = 4096;
/**
 * A key verified this many times gets a precomputed multiplication table (window 4): building it
 * costs about six verifications and makes later ones ~2.4× faster in pure JS. Sender Key groups
 * verify every message against the same signing key, so the hot keys are few and busy.
 */
export const XEDDSA_PRECOMPUTE_AFTER_VERIFICATIONS = 4;
/** Keys holding a precomputed table (entries; each table is ~116 KiB, so ≤ ~7.5 MiB in all). */
export const XEDDSA_PRECOMPUTED_KEYS_MAX_ENTRIES = 64;
const PRECOMPUTE_WINDOW_BITS = 4;

/** XEdDSA §2.3: hash_1 prefix, 2^256 − 1 − 1 as 32 little-endian bytes (0xFE ‖ 0xFF×31). */
const NONCE_PREFIX = (() => {
  const prefix = new Uint8Array(32).fill(0xff);
  prefix[0] = 0xfe;
  return prefix;
})();

/**
 * u-coordinates of the points of order dividing 8 on the curve and its twist (0, 1, p − 1 and
 * the two of order 8). A public key among them has no prime-order component: signatures under it
 * can be forged, and X25519 with it yields zero. p − 1 also has no Edwards image at all.
 */
const LOW_ORDER_U: ReadonlySet<bigint> = new Set([
  0n,
  1n,
  P - 1n,
  325606250916557431795983626356110631294008115727848805560023387167927233504n,
  39382357235489614581723060781553021112529911719440698176882885853963445705823n,
]);

/** What verification needs once the shared checks have passed. */
export interface PreparedVerification {
  /** The signer's Edwards public key A: y (from u) with the signature's sign bit, 32 bytes. */
  readonly edwardsPublicKey: Uint8Array;
  /** `R ‖ s` with the sign bit cleared: a plain Ed25519 signature over the same message. */
  readonly ed25519Signature: Uint8Array;
  readonly r: Uint8Array;
  readonly s: bigint;
}

/**
 * The shared half of XEdDSA verification (XEdDSA §2.3 "xeddsa_verify" plus the §2.2
 * conversion u → y = (u − 1)/(u + 1)): length, canonical-key, low-order and s < L checks.
 * Returns null when the signature must be rejected before any curve arithmetic.
 * Whether A decodes to a curve point (u on the twist does not) is left to the caller.
 */
export function prepareXeddsaVerification(
  publicKey: Uint8Array,
  signature: Uint8Array,
): PreparedVerification | null {
  if (!(publicKey instanceof Uint8Array) || !(signature instanceof Uint8Array)) return null;
  if (publicKey.length !== CURVE25519_KEY_LENGTH || signature.length !== XEDDSA_SIGNATURE_LENGTH) return null;
  if ((publicKey[31]! & 0x80) !== 0) return null; // not canonical: the top bit is never part of u
  const edwardsY = montgomeryToEdwardsY(publicKey);
  if (edwardsY === null) return null;

  const signBit = signature[63]! & 0x80;
  const sBytes = signature.slice(32, 64);
  sBytes[31]! &= 0x7f;
  const s = bytesToNumberLE(sBytes);
  if (s >= L) return null;

  const edwardsPublicKey = new Uint8Array(edwardsY);
  edwardsPublicKey[31]! |= signBit;
  const r = signature.slice(0, 32);
  return { edwardsPublicKey, ed25519Signature: concatBytes(r, sBytes), r, s };
}

const edwardsYCache = new KeyCache<Uint8Array | null>(XEDDSA_VERIFIER_CACHE_MAX_ENTRIES);

/**
 * XEdDSA §2.2 birational map, y = (u − 1)/(u + 1), as a 32-byte encoding with the sign bit clear;
 * null for a non-canonical (u ≥ p) or low-order u. Cached: a peer's identity key is checked often.
 */
function montgomeryToEdwardsY(publicKey: Uint8Array): Uint8Array | null {
  return edwardsYCache.getOrCreate(publicKey, (key) => {
    const u = bytesToNumberLE(key);
    if (u >= P || LOW_ORDER_U.has(u)) return null;
    const Fp = Point.Fp;
    const y = Fp.div(Fp.sub(u, 1n), Fp.add(u, 1n));
    return numberToBytesLE(y, 32);
  });
}

/** Signing and verification bound to one SHA-512 implementation. */
export interface Xeddsa {
  /** See CryptoProvider.xeddsaSign. @throws CryptoError on wrong input lengths. */
  sign(privateKey: Uint8Array, message: Uint8Array, random: Uint8Array): Uint8Array;
  /** See CryptoProvider.xeddsaVerify. Never throws. */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

interface VerifierKey {
  readonly point: EdwardsPoint;
  verifications: number;
}

interface SignerKey {
  /** Clamped private key bytes k, hashed into the nonce as libsignal does. */
  readonly clamped: Uint8Array;
  /** a = k mod L. */
  readonly a: bigint;
  /** A = aB, compressed (its sign bit is carried in the signature). */
  readonly publicKey: Uint8Array;
}

/**
 * [scalar]B on Ed25519 as a compressed point, for 0 < scalar < L. A provider with native curve
 * code passes its own; the default is @noble/curves' constant-time multiply.
 */
export type EdwardsBaseMultiply = (scalar: bigint) => Uint8Array;

const nobleBaseMultiply: EdwardsBaseMultiply = (scalar) => Point.BASE.multiply(scalar).toBytes();

/** Builds XEdDSA sign/verify on the given SHA-512. Each instance keeps its own key caches. */
export function createXeddsa(sha512: Sha512, baseMultiply: EdwardsBaseMultiply = nobleBaseMultiply): Xeddsa {
  const signers = new KeyCache<SignerKey>(XEDDSA_SIGNER_CACHE_MAX_ENTRIES);
  const points = new KeyCache<VerifierKey | null>(XEDDSA_VERIFIER_CACHE_MAX_ENTRIES);
  const precomputed = new KeyCache<EdwardsPoint>(XEDDSA_PRECOMPUTED_KEYS_MAX_ENTRIES);

  const hashToScalar = (data: Uint8Array): bigint => bytesToNumberLE(sha512(data)) % L;

  function signerKey(privateKey: Uint8Array): SignerKey {
    return signers.getOrCreate(privateKey, (key) => {
      const clamped = clampPrivateKey(key);
      // Clamped k is 2^254 + 8·m < 2^255 < 8L, so k mod L is never 0.
      const a = bytesToNumberLE(clamped) % L;
      return { clamped, a, publicKey: baseMultiply(a) };
    });
  }

  function decodePoint(edwardsPublicKey: Uint8Array): EdwardsPoint | null {
    const key = points.getOrCreate(edwardsPublicKey, (bytes) => {
      try {
        return { point: Point.fromBytes(bytes), verifications: 0 }; // strict RFC 8032 decoding
      } catch {
        return null; // u on the twist: y has no point on the curve
      }
    });
    if (key === null) return null;
    key.verifications++;
    if (key.verifications <= XEDDSA_PRECOMPUTE_AFTER_VERIFICATIONS) return key.point;
    // A separate point object, so that evicting it from the small cache frees its table.
    return precomputed.getOrCreate(edwardsPublicKey, (bytes) =>
      Point.fromBytes(bytes).precompute(PRECOMPUTE_WINDOW_BITS, false),
    );
  }

  return {
    sign(privateKey, message, random) {
      requireLength(privateKey, CURVE25519_KEY_LENGTH, 'private key');
      requireBytes(message, 'message');
      requireLength(random, XEDDSA_RANDOM_LENGTH, 'XEdDSA random');
      const { clamped, a, publicKey } = signerKey(privateKey);
      const r = hashToScalar(concatBytes(NONCE_PREFIX, clamped, message, random));
      if (r === 0n) throw new CryptoError('XEdDSA nonce reduced to zero; sign again with fresh randomness');
      const R = baseMultiply(r);
      const h = hashToScalar(concatBytes(R, publicKey, message));
      const s = (r + h * a) % L;
      const signature = concatBytes(R, numberToBytesLE(s, 32));
      signature[63] = (signature[63]! & 0x7f) | (publicKey[31]! & 0x80);
      return signature;
    },

    verify(publicKey, message, signature) {
      try {
        if (!(message instanceof Uint8Array)) return false;
        const prepared = prepareXeddsaVerification(publicKey, signature);
        if (prepared === null) return false;
        const A = decodePoint(prepared.edwardsPublicKey);
        if (A === null) return false;
        const h = hashToScalar(concatBytes(prepared.r, prepared.edwardsPublicKey, message));
        const check = Point.BASE.multiplyUnsafe(prepared.s).subtract(A.multiplyUnsafe(h));
        return bytesEqual(check.toBytes(), prepared.r);
      } catch {
        return false;
      }
    },
  };
}
