/**
 * The fastest CryptoProvider for Node hosts: libsodium through `sodium-native` (prebuilt native
 * addon) for the curve and hash work, node:crypto for AES-256-CBC (libsodium has no CBC). Node-only
 * like ./node-provider.ts: the simulator core never imports it; hosts inject it.
 *
 * Why a third provider: the simulation benchmark spends most of its crypto time in X25519 key
 * generation, ChaCha20-Poly1305 transport frames and short HMACs. node:crypto pays for a
 * KeyObject import per fresh key (a scalar multiplication of its own) and ~10 µs of cipher-object
 * set-up per frame; libsodium takes raw bytes (measured here: keygen 28 vs 73 µs, AEAD frame 1.3
 * vs 11.8 µs, Ed25519 verify 69 vs 148 µs).
 *
 * It agrees bit for bit with the other two and throws CryptoError on exactly the same inputs
 * (tests/unit/crypto-equivalence.test.ts). The one place libsodium is stricter — its Ed25519
 * verify refuses a small-order R, which XEdDSA as specified accepts when the equation holds — is
 * closed by re-checking exactly those signatures with the portable code.
 */
import { createRequire } from 'node:module';
import { ed25519 } from '@noble/curves/ed25519.js';
import { numberToBytesLE } from '@noble/curves/utils.js';
import {
  CURVE25519_KEY_LENGTH,
  SHA256_LENGTH,
  generateClampedKeyPair,
  requireAeadKeyAndNonce,
  requireBytes,
  requireHkdfLength,
  requireLength,
  checkedHashes,
} from './checks.js';
import { createShortHmac } from './hmac.js';
import { NativeScratch } from './native-scratch.js';
import { createNodeCryptoProvider } from './node-provider.js';
import { CryptoError, type CryptoProvider } from './provider.js';
import { VerificationMemo } from './verification-memo.js';
import { createXeddsa, prepareXeddsaVerification } from './xeddsa.js';

/** The part of sodium-native's API this provider uses (its functions throw on a -1 status). */
interface Sodium {
  crypto_scalarmult(q: Uint8Array, n: Uint8Array, p: Uint8Array): void;
  crypto_scalarmult_base(q: Uint8Array, n: Uint8Array): void;
  crypto_scalarmult_ed25519_base_noclamp(q: Uint8Array, n: Uint8Array): void;
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  crypto_hash_sha256(out: Uint8Array, data: Uint8Array): void;
  crypto_hash_sha512(out: Uint8Array, data: Uint8Array): void;
  crypto_aead_chacha20poly1305_ietf_encrypt(
    out: Uint8Array,
    message: Uint8Array,
    aad: Uint8Array | null,
    secretNonce: null,
    nonce: Uint8Array,
    key: Uint8Array,
  ): number;
  crypto_aead_chacha20poly1305_ietf_decrypt(
    out: Uint8Array,
    secretNonce: null,
    sealed: Uint8Array,
    aad: Uint8Array | null,
    nonce: Uint8Array,
    key: Uint8Array,
  ): number;
}

const AEAD_TAG_LENGTH = 16;
const ALL_ZERO_MESSAGE = 'X25519 produced an all-zero shared secret (low-order public key)';

/** Loads sodium-native, or returns undefined where its prebuilt addon cannot load. */
export function loadSodium(): Sodium | undefined {
  try {
    return createRequire(import.meta.url)('sodium-native') as Sodium;
  } catch {
    return undefined;
  }
}

/** True when R decodes to a point of order dividing 8 (libsodium refuses those; XEdDSA does not). */
function isSmallOrderEncoding(r: Uint8Array): boolean {
  try {
    return ed25519.Point.fromBytes(r, true).isSmallOrder();
  } catch {
    return false;
  }
}

/**
 * Creates the libsodium-backed provider. Throws when sodium-native cannot load; hosts that want a
 * fallback use createHostCryptoProvider (./host-provider.ts).
 */
export function createSodiumCryptoProvider(sodium: Sodium | undefined = loadSodium()): CryptoProvider {
  if (!sodium) throw new Error('sodium-native is not available on this host');
  const lib = sodium; // a const, so the closures below see it narrowed
  const base = createNodeCryptoProvider();

  // Small arguments go through off-heap scratch (native-scratch.ts says why): slots 0–3 are inputs, 4 the output.
  const scratch = new NativeScratch(5);
  const OUT = 4;

  /** SHA-256 into the output slot: valid until the next call (the HMAC below copies it at once). */
  const sha256Scratch = (data: Uint8Array): Uint8Array => {
    const out = scratch.output(SHA256_LENGTH, OUT);
    lib.crypto_hash_sha256(out, scratch.input(data, 0));
    return out;
  };
  const sha256 = (data: Uint8Array): Uint8Array => scratch.result(sha256Scratch(data));
  const sha512 = (data: Uint8Array): Uint8Array => {
    const out = scratch.output(64, OUT);
    lib.crypto_hash_sha512(out, scratch.input(data, 0));
    return scratch.result(out);
  };

  const { hmac, hkdf } = createShortHmac(sha256Scratch, (digest) => scratch.result(digest));

  const xeddsa = createXeddsa(sha512, (scalar) => {
    const point = scratch.output(32, OUT);
    lib.crypto_scalarmult_ed25519_base_noclamp(point, scratch.input(numberToBytesLE(scalar, 32), 0));
    return scratch.result(point);
  });
  const memo = new VerificationMemo(sha256);

  function verifyOnce(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
    if (!(message instanceof Uint8Array)) return false;
    const prepared = prepareXeddsaVerification(publicKey, signature);
    if (prepared === null) return false;
    const verified = lib.crypto_sign_verify_detached(
      scratch.input(prepared.ed25519Signature, 0),
      scratch.input(message, 1),
      scratch.input(prepared.edwardsPublicKey, 2),
    );
    if (verified) {
      return true;
    }
    return isSmallOrderEncoding(prepared.r) && xeddsa.verify(publicKey, message, signature);
  }

  function publicKeyFromPrivate(privateKey: Uint8Array): Uint8Array {
    requireLength(privateKey, CURVE25519_KEY_LENGTH, 'private key');
    const publicKey = scratch.output(CURVE25519_KEY_LENGTH, OUT);
    lib.crypto_scalarmult_base(publicKey, scratch.input(privateKey, 0)); // clamps internally (RFC 7748 §5)
    return scratch.result(publicKey);
  }

  return {
    ...base,
    name: 'sodium',

    generateKeyPair: (random) => generateClampedKeyPair(random, publicKeyFromPrivate),

    publicKeyFromPrivate,

    x25519(privateKey, publicKey) {
      requireLength(privateKey, CURVE25519_KEY_LENGTH, 'private key');
      requireLength(publicKey, CURVE25519_KEY_LENGTH, 'public key');
      const shared = scratch.output(CURVE25519_KEY_LENGTH, OUT);
      try {
        // libsodium refuses low-order points and an all-zero result (RFC 7748 §6.1).
        lib.crypto_scalarmult(shared, scratch.input(privateKey, 0), scratch.input(publicKey, 1));
      } catch {
        throw new CryptoError(ALL_ZERO_MESSAGE);
      }
      return scratch.result(shared);
    },

    xeddsaSign: (privateKey, message, random) => xeddsa.sign(privateKey, message, random),

    xeddsaVerify(publicKey, message, signature) {
      return memo.verify(publicKey, message, signature, () => {
        try {
          return verifyOnce(publicKey, message, signature);
        } catch {
          return false;
        }
      });
    },

    hmacSha256(key, data) {
      requireBytes(key, 'HMAC key');
      requireBytes(data, 'HMAC data');
      return hmac(key, data);
    },

    hkdfSha256(ikm, salt, info, length) {
      requireBytes(ikm, 'HKDF ikm');
      requireBytes(salt, 'HKDF salt');
      requireBytes(info, 'HKDF info');
      requireHkdfLength(length);
      return hkdf(ikm, salt, info, length);
    },

    chacha20Poly1305Encrypt(key, nonce, aad, plaintext) {
      requireAeadKeyAndNonce(key, nonce);
      const sealed = scratch.output(plaintext.length + AEAD_TAG_LENGTH, OUT);
      lib.crypto_aead_chacha20poly1305_ietf_encrypt(
        sealed,
        scratch.input(plaintext, 0),
        scratch.input(aad, 1),
        null,
        scratch.input(nonce, 2),
        scratch.input(key, 3),
      );
      return scratch.result(sealed);
    },

    chacha20Poly1305Decrypt(key, nonce, aad, sealed) {
      requireAeadKeyAndNonce(key, nonce);
      if (sealed.length < AEAD_TAG_LENGTH) {
        throw new CryptoError('ChaCha20-Poly1305 input is shorter than its tag');
      }
      const plaintext = scratch.output(sealed.length - AEAD_TAG_LENGTH, OUT);
      try {
        lib.crypto_aead_chacha20poly1305_ietf_decrypt(
          plaintext,
          null,
          scratch.input(sealed, 0),
          scratch.input(aad, 1),
          scratch.input(nonce, 2),
          scratch.input(key, 3),
        );
      } catch {
        throw new CryptoError('ChaCha20-Poly1305 tag does not verify');
      }
      return scratch.result(plaintext);
    },

    ...checkedHashes(sha256, sha512),
  };
}
