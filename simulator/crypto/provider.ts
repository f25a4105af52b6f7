/**
 * The CryptoProvider seam: every primitive the protocol needs, behind one interface, so the same
 * protocol code runs on the portable noble implementation (anywhere) or on node:crypto (fast path
 * in Node hosts). Both implementations must agree bit for bit (tests/unit/crypto-equivalence.test.ts).
 *
 * Keys are raw 32-byte Curve25519 values here; the 33-byte `0x05`-prefixed wire form is the
 * protocol layer's business (simulator/protocol/keys.ts).
 */

/** A source of random bytes. In the simulator it is always the run's seeded generator. */
export interface RandomSource {
  /** Returns `length` fresh bytes. */
  bytes(length: number): Uint8Array;
}

/** A Curve25519 key pair in raw form: 32-byte clamped private scalar, 32-byte Montgomery u. */
export interface KeyPair {
  readonly publicKey: Uint8Array;
  readonly privateKey: Uint8Array;
}

/** An ML-KEM-1024 key pair (FIPS 203): 1568-byte encapsulation key, 3168-byte decapsulation key. */
export interface KemKeyPair {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

export interface CryptoProvider {
  /** Short name shown in benchmarks and reports, e.g. `noble` or `node`. */
  readonly name: string;

  /** A key pair whose private key is drawn from `random` and clamped (RFC 7748 §5). */
  generateKeyPair(random: RandomSource): KeyPair;
  /** The X25519 public key (u-coordinate) for a 32-byte private key (RFC 7748 §6.1). */
  publicKeyFromPrivate(privateKey: Uint8Array): Uint8Array;
  /**
   * X25519 Diffie-Hellman (RFC 7748 §6.1).
   * @throws CryptoError when the result is all zero (a low-order public key).
   */
  x25519(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array;

  /**
   * XEdDSA signature (XEdDSA spec §2.3, in libsignal's form): 64 bytes `R ‖ s`, with the Edwards
   * sign bit of the signer's public key carried in bit 7 of the last byte. `random` is 64 bytes.
   */
  xeddsaSign(privateKey: Uint8Array, message: Uint8Array, random: Uint8Array): Uint8Array;
  /** Verifies an XEdDSA signature against a 32-byte Montgomery public key. Never throws. */
  xeddsaVerify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;

  /**
   * ML-KEM-1024 key generation from a 64-byte seed (FIPS 203 §6.1, `d ‖ z`), for PQXDH's KEM
   * prekeys. The seed comes from the caller (the run's seeded generator), so runs stay deterministic.
   */
  mlKem1024KeyPair(seed: Uint8Array): KemKeyPair;
  /**
   * ML-KEM-1024 encapsulation with 32 bytes of caller randomness (FIPS 203 §6.2).
   * @throws CryptoError on a malformed public key.
   */
  mlKem1024Encapsulate(
    publicKey: Uint8Array,
    random: Uint8Array,
  ): { ciphertext: Uint8Array; sharedSecret: Uint8Array };
  /**
   * ML-KEM-1024 decapsulation (FIPS 203 §6.3); a wrong ciphertext gives an unrelated secret.
   * @throws CryptoError on a wrong length.
   */
  mlKem1024Decapsulate(ciphertext: Uint8Array, secretKey: Uint8Array): Uint8Array;

  /** HMAC-SHA256 (RFC 2104). */
  hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array;
  /** HKDF-SHA256 extract-and-expand (RFC 5869) to `length` bytes. */
  hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array;
  /** AES-256-CBC with PKCS#7 padding. */
  aes256CbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /**
   * AES-256-CBC decryption with PKCS#7 padding check.
   * @throws CryptoError on a bad length or bad padding.
   */
  aes256CbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array;
  /**
   * ChaCha20-Poly1305 AEAD encryption (RFC 8439 §2.8): ciphertext ‖ 16-byte tag. Used by the
   * simulated transport (Noise), where it is the hottest primitive of a run.
   */
  chacha20Poly1305Encrypt(
    key: Uint8Array,
    nonce: Uint8Array,
    aad: Uint8Array,
    plaintext: Uint8Array,
  ): Uint8Array;
  /**
   * ChaCha20-Poly1305 AEAD decryption.
   * @throws CryptoError when the tag does not verify or the input is shorter than a tag.
   */
  chacha20Poly1305Decrypt(
    key: Uint8Array,
    nonce: Uint8Array,
    aad: Uint8Array,
    sealed: Uint8Array,
  ): Uint8Array;
  /** SHA-512 (FIPS 180-4). */
  sha512(data: Uint8Array): Uint8Array;
  /** SHA-256 (FIPS 180-4). */
  sha256(data: Uint8Array): Uint8Array;
  /**
   * An incremental SHA-256 for long streams (the run journal hashes ~40 lines per simulated
   * message): strings are hashed as their UTF-8 bytes, so hosts with native hashing skip the
   * JavaScript encoding step.
   */
  createSha256(): IncrementalSha256;
}

/** A running SHA-256 (FIPS 180-4) over everything passed to `update`. */
export interface IncrementalSha256 {
  /** Appends bytes, or a string's UTF-8 encoding. */
  update(data: Uint8Array | string): void;
  /** The digest of everything so far; the hash stays usable for further updates. */
  digest(): Uint8Array;
}

/** A primitive refused its input (low-order point, bad padding, wrong length). */
export class CryptoError extends Error {
  override readonly name = 'CryptoError';
}
