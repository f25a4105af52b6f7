/**
 * The fast CryptoProvider for Node hosts, on node:crypto (OpenSSL). Node-only: the simulator core
 * never imports this file; hosts inject it. Agrees bit for bit with nobleCryptoProvider, and
 * throws CryptoError on exactly the same inputs (tests/unit/crypto-equivalence.test.ts).
 *
 * Importing a raw key into a KeyObject can cost more than the operation itself (a DER import of
 * an X25519 private key: ~10× a DH), so keys are imported as JWK where possible and every
 * imported KeyObject is cached per key bytes (simulator/crypto/key-cache.ts).
 */
import {
  type KeyObject,
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hash as oneShotHash,
  verify as nodeVerify,
} from 'node:crypto';
import {
  AES_BLOCK_LENGTH,
  CURVE25519_KEY_LENGTH,
  generateClampedKeyPair,
  requireAesKeyAndIv,
  requireBytes,
  requireCbcCiphertextLength,
  requireHkdfLength,
  requireLength,
  requireAeadKeyAndNonce,
  checkedHashes,
} from './checks.js';
import { fromHex } from './bytes.js';
import { createShortHmac } from './hmac.js';
import { KeyCache } from './key-cache.js';
import { VerificationMemo } from './verification-memo.js';
import { mlKem1024Decapsulate, mlKem1024Encapsulate, mlKem1024KeyPair } from './ml-kem.js';
import { CryptoError, type CryptoProvider } from './provider.js';
import { createXeddsa, prepareXeddsaVerification } from './xeddsa.js';

/** PKCS#8 DER prefix of a raw X25519 private key (RFC 8410 §7). */
const X25519_PKCS8_PREFIX = fromHex('302e020100300506032b656e04220420');
/** SPKI DER prefix of a raw X25519 public key (RFC 8410 §4). */
const X25519_SPKI_PREFIX = fromHex('302a300506032b656e032100');
/** SPKI DER prefix of a raw Ed25519 public key (RFC 8410 §4). */
const ED25519_SPKI_PREFIX = fromHex('302a300506032b6570032100');

/**
 * Imported private keys remembered per provider (entries; a KeyObject is ~0.5 KB native). A simulated
 * network of a thousand devices keeps several thousand live ratchet and identity keys, and a miss costs
 * a scalar multiplication (the import derives the public key).
 */
export const NODE_PRIVATE_KEY_CACHE_MAX_ENTRIES = 8192;
/** Imported public keys remembered per provider (entries). */
export const NODE_PUBLIC_KEY_CACHE_MAX_ENTRIES = 8192;

const ALL_ZERO_MESSAGE = 'X25519 produced an all-zero shared secret (low-order public key)';

/** A plain Uint8Array over a Node Buffer's bytes (a copy when the Buffer views a shared pool). */
function plain(buffer: Uint8Array): Uint8Array {
  if (buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength) {
    return new Uint8Array(buffer.buffer, 0, buffer.byteLength);
  }
  return new Uint8Array(buffer);
}

/**
 * A plain Uint8Array over the same bytes, without copying. For short-lived, message-sized outputs
 * (ciphertexts, plaintexts) only: a view into Node's shared buffer pool keeps that pool slab alive,
 * so keys and digests, which live long, go through `plain` instead.
 */
function view(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function der(prefix: Uint8Array, raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix.length + raw.length);
  out.set(prefix, 0);
  out.set(raw, prefix.length);
  return out;
}

function sha512(data: Uint8Array): Uint8Array {
  return plain(createHash('sha512').update(data).digest());
}

/** One-shot SHA-256 (crypto.hash, Node ≥ 20.12): no Hash object to set up. */
const sha256Buffer = (data: Uint8Array): Uint8Array => oneShotHash('sha256', data, 'buffer');
const sha256 = (data: Uint8Array): Uint8Array => plain(sha256Buffer(data));

/**
 * HMAC and HKDF as two one-shot hashes per HMAC (./hmac.ts): for the protocol's short inputs this
 * beats createHmac (~3.5 vs ~5 µs) and hkdfSync (which also refuses info over 1024 bytes).
 */
const shortHmac = createShortHmac(sha256Buffer, plain);

/** PKCS#7 padding (RFC 5652 §6.3) added by hand, so the cipher runs one update without a final. */
function pkcs7Pad(plaintext: Uint8Array): Uint8Array {
  const pad = AES_BLOCK_LENGTH - (plaintext.length % AES_BLOCK_LENGTH);
  const padded = new Uint8Array(plaintext.length + pad);
  padded.set(plaintext, 0);
  padded.fill(pad, plaintext.length);
  return padded;
}

/** The length of the message inside PKCS#7-padded bytes, or -1 when the padding is malformed. */
function pkcs7UnpaddedLength(padded: Uint8Array): number {
  const pad = padded[padded.length - 1]!;
  if (pad < 1 || pad > AES_BLOCK_LENGTH || pad > padded.length) return -1;
  let bad = 0;
  for (let i = padded.length - pad; i < padded.length; i++) bad |= padded[i]! ^ pad;
  return bad === 0 ? padded.length - pad : -1;
}

/** How raw key bytes become node:crypto KeyObjects. */
export type NodeKeyImport = 'jwk' | 'der';

export interface NodeCryptoProviderOptions {
  /**
   * `jwk` (default) imports raw keys as JWK, which in Node 20 is ~10× faster than DER because it
   * skips OpenSSL 3's decoder lookup (measured: X25519 private ~19k vs ~2.2k imports/s, public
   * ~93k vs ~8.4k). A private JWK's `x` is not needed: OpenSSL derives the public key from `d`.
   * Should a Node version refuse that, the provider falls back to `der` for good.
   */
  readonly keyImport?: NodeKeyImport;
}

type OkpCurve = 'X25519' | 'Ed25519';

const base64url = (raw: Uint8Array): string =>
  Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString('base64url');

/** Creates a node:crypto provider with its own key caches. */
export function createNodeCryptoProvider(options: NodeCryptoProviderOptions = {}): CryptoProvider {
  let keyImport: NodeKeyImport = options.keyImport ?? 'jwk';
  if (keyImport !== 'jwk' && keyImport !== 'der') {
    throw new TypeError(`keyImport must be 'jwk' or 'der', got ${String(keyImport)}`);
  }

  const privateKeys = new KeyCache<{ readonly key: KeyObject; readonly publicKey: Uint8Array }>(
    NODE_PRIVATE_KEY_CACHE_MAX_ENTRIES,
  );
  const publicKeys = new KeyCache<KeyObject>(NODE_PUBLIC_KEY_CACHE_MAX_ENTRIES);
  const edwardsKeys = new KeyCache<KeyObject | null>(NODE_PUBLIC_KEY_CACHE_MAX_ENTRIES);
  const xeddsa = createXeddsa(sha512);

  /** One XEdDSA verification, uncached. */
  function verifyOnce(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
    // Shared checks and u → y conversion, then OpenSSL's Ed25519 verify of R ‖ s under A: the
    // same equation ([s]B − [h]A encodes to R, h = SHA-512(R ‖ A ‖ M)), ~10× faster than JS.
    try {
      if (!(message instanceof Uint8Array)) return false;
      const prepared = prepareXeddsaVerification(publicKey, signature);
      if (prepared === null) return false;
      const key = importEdwards(prepared.edwardsPublicKey);
      if (key === null) return false;
      return nodeVerify(null, message, key, prepared.ed25519Signature);
    } catch {
      return false;
    }
  }
  const memo = new VerificationMemo(sha256);

  function createX25519PrivateKey(raw: Uint8Array): KeyObject {
    if (keyImport === 'jwk') {
      try {
        return createPrivateKey({
          key: { kty: 'OKP', crv: 'X25519', d: base64url(raw), x: '' },
          format: 'jwk',
        });
      } catch {
        keyImport = 'der';
      }
    }
    return createPrivateKey({
      key: Buffer.from(der(X25519_PKCS8_PREFIX, raw)),
      format: 'der',
      type: 'pkcs8',
    });
  }

  function createRawPublicKey(curve: OkpCurve, raw: Uint8Array): KeyObject {
    if (keyImport === 'jwk') {
      return createPublicKey({ key: { kty: 'OKP', crv: curve, x: base64url(raw) }, format: 'jwk' });
    }
    const prefix = curve === 'X25519' ? X25519_SPKI_PREFIX : ED25519_SPKI_PREFIX;
    return createPublicKey({ key: Buffer.from(der(prefix, raw)), format: 'der', type: 'spki' });
  }

  function importPrivate(privateKey: Uint8Array): {
    readonly key: KeyObject;
    readonly publicKey: Uint8Array;
  } {
    requireLength(privateKey, CURVE25519_KEY_LENGTH, 'private key');
    return privateKeys.getOrCreate(privateKey, (raw) => {
      const key = createX25519PrivateKey(raw);
      // The JWK export reads the public key OpenSSL derived during import (no extra scalar mult).
      const x = key.export({ format: 'jwk' }).x;
      if (x === undefined) throw new CryptoError('node:crypto did not expose the X25519 public key');
      return { key, publicKey: plain(Buffer.from(x, 'base64url')) };
    });
  }

  function importPublic(publicKey: Uint8Array): KeyObject {
    requireLength(publicKey, CURVE25519_KEY_LENGTH, 'public key');
    return publicKeys.getOrCreate(publicKey, (raw) => createRawPublicKey('X25519', raw));
  }

  function importEdwards(edwardsPublicKey: Uint8Array): KeyObject | null {
    return edwardsKeys.getOrCreate(edwardsPublicKey, (raw) => {
      try {
        return createRawPublicKey('Ed25519', raw);
      } catch {
        return null;
      }
    });
  }

  const publicKeyFromPrivate = (privateKey: Uint8Array): Uint8Array =>
    new Uint8Array(importPrivate(privateKey).publicKey);

  return {
    name: 'node',

    generateKeyPair: (random) => generateClampedKeyPair(random, publicKeyFromPrivate),

    publicKeyFromPrivate,

    x25519(privateKey, publicKey) {
      const ours = importPrivate(privateKey).key;
      const theirs = importPublic(publicKey);
      try {
        // OpenSSL fails the derivation when the result is all zero (RFC 7748 §6.1).
        return plain(diffieHellman({ privateKey: ours, publicKey: theirs }));
      } catch {
        throw new CryptoError(ALL_ZERO_MESSAGE);
      }
    },

    xeddsaSign: (privateKey, message, random) => xeddsa.sign(privateKey, message, random),

    xeddsaVerify(publicKey, message, signature) {
      return memo.verify(publicKey, message, signature, () => verifyOnce(publicKey, message, signature));
    },
    mlKem1024KeyPair,
    mlKem1024Encapsulate,
    mlKem1024Decapsulate,

    hmacSha256(key, data) {
      requireBytes(key, 'HMAC key');
      requireBytes(data, 'HMAC data');
      return shortHmac.hmac(key, data);
    },

    hkdfSha256(ikm, salt, info, length) {
      requireBytes(ikm, 'HKDF ikm');
      requireBytes(salt, 'HKDF salt');
      requireBytes(info, 'HKDF info');
      requireHkdfLength(length);
      return shortHmac.hkdf(ikm, salt, info, length);
    },

    aes256CbcEncrypt(key, iv, plaintext) {
      requireAesKeyAndIv(key, iv);
      requireBytes(plaintext, 'plaintext');
      const cipher = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
      return view(cipher.update(pkcs7Pad(plaintext)));
    },

    chacha20Poly1305Encrypt(key, nonce, aad, plaintext) {
      requireAeadKeyAndNonce(key, nonce);
      const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
      cipher.setAAD(aad, { plaintextLength: plaintext.length });
      return plain(Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]));
    },

    chacha20Poly1305Decrypt(key, nonce, aad, sealed) {
      requireAeadKeyAndNonce(key, nonce);
      if (sealed.length < 16) throw new CryptoError('ChaCha20-Poly1305 input is shorter than its tag');
      const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
      decipher.setAAD(aad, { plaintextLength: sealed.length - 16 });
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      try {
        return plain(
          Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]),
        );
      } catch {
        throw new CryptoError('ChaCha20-Poly1305 tag does not verify');
      }
    },

    aes256CbcDecrypt(key, iv, ciphertext) {
      requireAesKeyAndIv(key, iv);
      requireCbcCiphertextLength(ciphertext);
      const padded = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false).update(ciphertext);
      const length = pkcs7UnpaddedLength(padded);
      if (length < 0) throw new CryptoError('AES-CBC decryption failed: bad PKCS#7 padding');
      return view(padded.subarray(0, length));
    },

    ...checkedHashes(sha256, sha512),

    createSha256() {
      const hash = createHash('sha256');
      return {
        update: (data) => void (typeof data === 'string' ? hash.update(data, 'utf8') : hash.update(data)),
        digest: () => plain(hash.copy().digest()),
      };
    },
  };
}
