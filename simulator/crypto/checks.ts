/**
 * Input checks and length constants shared by both CryptoProviders, so that the noble and
 * node:crypto implementations refuse exactly the same inputs with the same CryptoError
 * (tests/unit/crypto-equivalence.test.ts holds them to it).
 */
import { CryptoError, type CryptoProvider, type KeyPair, type RandomSource } from './provider.js';

/** Raw Curve25519 key length, private or public (RFC 7748 §5). */
export const CURVE25519_KEY_LENGTH = 32;
/** XEdDSA signature length: `R ‖ s` (XEdDSA §2.3). */
export const XEDDSA_SIGNATURE_LENGTH = 64;
/** Fresh randomness mixed into each XEdDSA nonce (XEdDSA §2.3, `Z`). */
export const XEDDSA_RANDOM_LENGTH = 64;
/** AES-256 key length. */
export const AES256_KEY_LENGTH = 32;
/** AES block length, which is also the CBC IV length. */
export const AES_BLOCK_LENGTH = 16;
/** SHA-256 output length, the HKDF-SHA256 block. */
export const SHA256_LENGTH = 32;
/** RFC 5869 §2.3: L ≤ 255 · HashLen. */
export const HKDF_SHA256_MAX_LENGTH = 255 * SHA256_LENGTH;

/** @throws CryptoError unless `bytes` is a Uint8Array of exactly `length` bytes. */
export function requireLength(bytes: Uint8Array, length: number, what: string): void {
  if (!(bytes instanceof Uint8Array)) throw new CryptoError(`${what} must be a Uint8Array`);
  if (bytes.length !== length) throw new CryptoError(`${what} must be ${length} bytes, got ${bytes.length}`);
}

/** @throws CryptoError unless `bytes` is a Uint8Array (any length). */
export function requireBytes(bytes: Uint8Array, what: string): void {
  if (!(bytes instanceof Uint8Array)) throw new CryptoError(`${what} must be a Uint8Array`);
}

/** @throws CryptoError unless `length` is an integer in 0..8160 (RFC 5869 §2.3). */
export function requireHkdfLength(length: number): void {
  if (!Number.isInteger(length) || length < 0 || length > HKDF_SHA256_MAX_LENGTH) {
    throw new CryptoError(
      `HKDF-SHA256 length must be an integer in 0..${HKDF_SHA256_MAX_LENGTH}, got ${length}`,
    );
  }
}

/** Checks key and IV for AES-256-CBC. @throws CryptoError on a wrong length. */
export function requireAesKeyAndIv(key: Uint8Array, iv: Uint8Array): void {
  requireLength(key, AES256_KEY_LENGTH, 'AES-256 key');
  requireLength(iv, AES_BLOCK_LENGTH, 'AES-CBC IV');
}

/**
 * A PKCS#7-padded CBC ciphertext is one or more whole blocks; anything else is refused before
 * decryption, so both providers fail the same way. @throws CryptoError on a bad length.
 */
export function requireCbcCiphertextLength(ciphertext: Uint8Array): void {
  requireBytes(ciphertext, 'ciphertext');
  if (ciphertext.length === 0 || ciphertext.length % AES_BLOCK_LENGTH !== 0) {
    throw new CryptoError(
      `AES-CBC ciphertext must be a non-zero multiple of ${AES_BLOCK_LENGTH} bytes, got ${ciphertext.length}`,
    );
  }
}

/** RFC 7748 §5 clamping of a 32-byte X25519 scalar, into a fresh array. */
export function clampPrivateKey(bytes: Uint8Array): Uint8Array {
  requireLength(bytes, CURVE25519_KEY_LENGTH, 'private key');
  const out = new Uint8Array(bytes);
  out[0]! &= 248;
  out[31]! &= 127;
  out[31]! |= 64;
  return out;
}

/** ChaCha20-Poly1305 takes a 32-byte key and a 12-byte nonce (RFC 8439 §2.8). */
export function requireAeadKeyAndNonce(key: Uint8Array, nonce: Uint8Array): void {
  if (key.length !== 32) throw new CryptoError(`ChaCha20-Poly1305 key must be 32 bytes, got ${key.length}`);
  if (nonce.length !== 12)
    throw new CryptoError(`ChaCha20-Poly1305 nonce must be 12 bytes, got ${nonce.length}`);
}

/**
 * A Curve25519 key pair whose private key is 32 bytes drawn from `random` and clamped (RFC 7748 §5),
 * the public key computed by the provider's own `publicKeyFromPrivate`.
 */
export function generateClampedKeyPair(
  random: RandomSource,
  publicKeyFromPrivate: (privateKey: Uint8Array) => Uint8Array,
): KeyPair {
  const privateKey = clampPrivateKey(random.bytes(CURVE25519_KEY_LENGTH));
  return { privateKey, publicKey: publicKeyFromPrivate(privateKey) };
}

/** A provider's `sha256` and `sha512` members: its one-shot hashes behind the interface's input checks. */
export function checkedHashes(
  sha256: (data: Uint8Array) => Uint8Array,
  sha512: (data: Uint8Array) => Uint8Array,
): Pick<CryptoProvider, 'sha256' | 'sha512'> {
  return {
    sha512(data) {
      requireBytes(data, 'SHA-512 input');
      return sha512(data);
    },
    sha256(data) {
      requireBytes(data, 'SHA-256 input');
      return sha256(data);
    },
  };
}
